package io.livecomments.adapters.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.adapters.apigateway.RecordingServer.Answer;
import io.livecomments.adapters.apigateway.RecordingServer.Recorded;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.domain.ConnectionId;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The real SDK client against a recording HTTP server standing in for API Gateway. */
class ApiGatewayConnectionMessengerTest {

  // One client for the class: building and closing an SDK client with its event loops is slow.
  private static RecordingServer gateway;
  private static ApiGatewayConnectionMessenger messenger;

  @BeforeAll
  static void start() throws Exception {
    gateway = new RecordingServer();
    messenger = ApiGatewayConnectionMessenger.create(gateway.uri("/prod"), Region.EU_WEST_1, 16);
  }

  @AfterAll
  static void stop() {
    messenger.close();
    gateway.close();
  }

  @BeforeEach
  void reset() {
    gateway.requests.clear();
    gateway.answer = r -> Answer.of(200);
  }

  private PushOutcome push(String id, String frame) throws Exception {
    return messenger
        .push(new ConnectionId(id), frame)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void keepsTheStagePathAndUrlEncodesTheConnectionId() throws Exception {
    assertEquals(PushOutcome.DELIVERED, push("abc=", "{\"type\":\"test\"}"));
    Recorded request = gateway.requests.get(0);
    assertEquals("POST", request.method());
    assertEquals("/prod/@connections/abc%3D", request.rawPath());
    assertEquals("{\"type\":\"test\"}", request.body());
  }

  @Test
  void idsWithPlusAndSlashArriveEncodedAndIntact() throws Exception {
    push("L0+SM9/cOFvHcC==", "x");
    String path = gateway.requests.get(0).rawPath();
    assertEquals("/prod/@connections/L0%2BSM9%2FcOFvHcC%3D%3D", path);
  }

  @Test
  void signsWithSigV4ForExecuteApi() throws Exception {
    push("abc=", "x");
    Recorded request = gateway.requests.get(0);
    String authorization = request.header("Authorization");
    assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=local/"), authorization);
    assertTrue(authorization.contains("/eu-west-1/execute-api/aws4_request"), authorization);
    assertTrue(authorization.contains("Signature="), authorization);
    assertTrue(request.header("X-Amz-Date") != null);
  }

  @ParameterizedTest(name = "HTTP {0} ({1}) → {2}")
  @CsvSource({
    "200, , Delivered",
    "204, , Delivered",
    "410, GoneException, Gone",
    "410, , Gone",
    "429, LimitExceededException, Throttled",
    "429, , Throttled",
    "413, PayloadTooLargeException, Rejected",
    "403, ForbiddenException, Rejected",
    "500, InternalServerErrorException, Failed",
    "502, , Failed",
    "503, , Failed"
  })
  void mapsEachStatusToItsOutcome(int status, String errorType, String expected) throws Exception {
    gateway.answer = r -> new Answer(status, errorType, status >= 300 ? "{\"message\":\"x\"}" : "");
    PushOutcome outcome = push("abc=", "x");
    assertEquals(expected, outcome.getClass().getSimpleName(), outcome.toString());
  }

  @Test
  void onlyThrottlingAndServerErrorsAreWorthARetry() throws Exception {
    gateway.answer = r -> new Answer(410, "GoneException", "{\"message\":null}");
    assertFalse(push("a", "x").retryable());
    gateway.answer = r -> new Answer(429, "LimitExceededException", "{}");
    assertTrue(push("a", "x").retryable());
    gateway.answer = r -> new Answer(413, "PayloadTooLargeException", "{}");
    assertFalse(push("a", "x").retryable());
  }

  @Test
  void makesOneRequestPerPushSoThatRetriesStayBounded() throws Exception {
    gateway.answer = r -> Answer.of(503);
    push("a", "x");
    assertEquals(1, gateway.requests.size());
  }

  @Test
  void anUnreachableGatewayIsARetryableFailureNotAnException() throws Exception {
    RecordingServer gone = new RecordingServer();
    URI closed = gone.uri("/prod");
    gone.close();
    try (ApiGatewayConnectionMessenger orphan =
        ApiGatewayConnectionMessenger.create(closed, Region.US_EAST_1, 4)) {
      PushOutcome outcome =
          orphan.push(new ConnectionId("a"), "x").toCompletableFuture().get(15, TimeUnit.SECONDS);
      assertInstanceOf(PushOutcome.Failed.class, outcome);
    }
  }

  @Test
  void onlyLoopbackEndpointsGetDummyCredentials() {
    assertInstanceOf(
        StaticCredentialsProvider.class,
        ApiGatewayConnectionMessenger.credentialsFor(URI.create("http://localhost:8080")));
    assertInstanceOf(
        StaticCredentialsProvider.class,
        ApiGatewayConnectionMessenger.credentialsFor(URI.create("http://127.0.0.1:8080/local")));
    assertInstanceOf(
        DefaultCredentialsProvider.class,
        ApiGatewayConnectionMessenger.credentialsFor(
            URI.create("https://abc.execute-api.us-east-1.amazonaws.com/prod")));
  }
}
