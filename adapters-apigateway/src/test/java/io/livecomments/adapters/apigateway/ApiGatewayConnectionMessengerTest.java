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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

/**
 * The messenger (the SDK's signer and Netty client) against a recording HTTP server standing in for
 * API Gateway.
 */
class ApiGatewayConnectionMessengerTest {

  private static final StaticCredentialsProvider LOCAL =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

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

  @Test
  void sendsWhatTheSdksGeneratedClientSends() throws Exception {
    try (ApiGatewayManagementApiAsyncClient reference =
        ApiGatewayManagementApiAsyncClient.builder()
            .endpointOverride(gateway.uri("/prod"))
            .region(Region.EU_WEST_1)
            .credentialsProvider(LOCAL)
            .httpClient(NettyNioAsyncHttpClient.create())
            .build()) {
      reference
          .postToConnection(r -> r.connectionId("L0+SM9/cOF=").data(SdkBytes.fromUtf8String("é{}")))
          .get(10, TimeUnit.SECONDS);
    }
    push("L0+SM9/cOF=", "é{}");

    Recorded theirs = gateway.requests.get(0);
    Recorded ours = gateway.requests.get(1);
    assertEquals(theirs.method(), ours.method());
    assertEquals(theirs.rawPath(), ours.rawPath());
    assertEquals(theirs.body(), ours.body());
    assertEquals(theirs.header("Content-Length"), ours.header("Content-Length"));
    assertEquals(theirs.header("Content-Type"), ours.header("Content-Type"));
    assertEquals(theirs.header("Host"), ours.header("Host"));
    // The generated client also signs its own tracing headers (amz-sdk-*); nothing else differs.
    List<String> theirSigned = new ArrayList<>(signedHeaders(theirs));
    theirSigned.removeIf(h -> h.startsWith("amz-sdk-"));
    assertEquals(theirSigned, signedHeaders(ours));
    assertEquals(credentialScope(theirs), credentialScope(ours));
  }

  @Test
  void signsExactlyWhatItSends() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:15:30Z"), ZoneOffset.UTC);
    try (ApiGatewayConnectionMessenger fixed =
        ApiGatewayConnectionMessenger.create(gateway.uri("/prod"), Region.EU_WEST_1, 4, clock)) {
      fixed
          .push(new ConnectionId("L0+SM9/cOF="), "{\"type\":\"é\"}")
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }
    Recorded received = gateway.requests.get(0);
    assertEquals("20261130T101530Z", received.header("X-Amz-Date"));

    // Sign again what arrived over the wire, with the headers the signature names.
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(received.method()))
            .uri(URI.create("http://" + received.header("Host") + received.rawPath()));
    for (String name : signedHeaders(received)) {
      request.putHeader(name, received.header(name));
    }
    byte[] body = received.body().getBytes(StandardCharsets.UTF_8);
    String expected =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(LOCAL.resolveCredentials())
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
            .request()
            .firstMatchingHeader("Authorization")
            .orElseThrow();
    assertEquals(expected, received.header("Authorization"));
  }

  private static List<String> signedHeaders(Recorded request) {
    Matcher m = Pattern.compile("SignedHeaders=([^,]+)").matcher(request.header("Authorization"));
    assertTrue(m.find(), request.header("Authorization"));
    return List.of(m.group(1).split(";"));
  }

  private static String credentialScope(Recorded request) {
    Matcher m =
        Pattern.compile("Credential=[^/]+/\\d{8}/([^,]+)").matcher(request.header("Authorization"));
    assertTrue(m.find(), request.header("Authorization"));
    return m.group(1);
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
