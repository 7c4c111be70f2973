package io.livecomments.lambda.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.livecomments.adapters.dynamodb.DynamoDbConnectionRegistry;
import io.livecomments.adapters.dynamodb.DynamoDbTables;
import io.livecomments.adapters.dynamodb.EmbeddedDynamoDb;
import io.livecomments.application.port.out.Connection;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The handler invoked as Lambda invokes it, with recorded API Gateway events, against DynamoDB
 * Local (the service's own registry adapter writes the connections) and a Management API on
 * loopback that records every push and answers 200, 204, 410 or 429 as each test scripts it.
 */
class BroadcastHandlerTest {

  /** The post of the recorded {@code comment.created} frame. */
  static final PostId POST = new PostId("5b0e2f6a-8c1d-4e7b-9a3f-2d6c8e1b4a70");

  static final PostId OTHER_POST = new PostId("e7a4c2d9-3b1f-4c6e-8a5d-0f9b2e7c1d43");

  private static final String PREFIX = "bridge-test-";

  // Ids as API Gateway makes them: 16 base64 characters, '=' and '/' and '+' included.
  private static final String SUBSCRIBER = "L0SM9cOFvHcCIhw=";
  private static final String LISTENS_TO_ALL = "Wc+2ZfXHoAMCJ6g=";
  private static final String GONE = "Wc/3ZfEEoAMCJyQ=";
  private static final String THROTTLED = "KZsfeXHeoAMCKZw=";
  private static final String ELSEWHERE = "MH2vbf2joAMCLtQ=";

  private static EmbeddedDynamoDb dynamoDb;
  private static DynamoDbConnectionRegistry registry;
  private static RecordingManagementApi managementApi;
  private static BroadcastHandler handler;
  private static JsonMapper json;

  @BeforeAll
  static void start() throws IOException {
    dynamoDb = EmbeddedDynamoDb.startInMemory();
    DynamoDbClient client = EmbeddedDynamoDb.localClient(dynamoDb.endpoint());
    DynamoDbTables tables = new DynamoDbTables(PREFIX);
    tables.createMissing(client);
    registry =
        new DynamoDbConnectionRegistry(
            DynamoDbEnhancedClient.builder().dynamoDbClient(client).build(),
            tables,
            Clock.systemUTC(),
            Duration.ofHours(24));
    managementApi = new RecordingManagementApi("development");
    handler = new BroadcastHandler(context(Map.of()));
    json = handler.getApplicationContext().getBean(JsonMapper.class);
  }

  /** The environment the stack gives the function, as properties, plus {@code extra}. */
  static ApplicationContextBuilder context(Map<String, Object> extra) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("livecomments.dynamodb.endpoint", dynamoDb.endpoint().toString());
    properties.put("livecomments.dynamodb.table-prefix", PREFIX);
    properties.put("livecomments.apigateway.endpoint", managementApi.endpoint().toString());
    properties.put("aws.region", "eu-west-1");
    properties.putAll(extra);
    return ApplicationContext.builder()
        .deduceEnvironment(false)
        .eagerInitSingletons(true)
        .properties(properties);
  }

  @AfterAll
  static void stop() {
    if (handler != null) {
      handler.close();
    }
    if (managementApi != null) {
      managementApi.close();
    }
    if (dynamoDb != null) {
      dynamoDb.close();
    }
  }

  @BeforeEach
  void forgetEveryConnection() {
    Recipient.ids(registry.all()).forEach(registry::remove);
    managementApi.reset();
  }

  @Test
  void aCommentReachesEveryConnectionOfItsPostForgetsTheGoneOneAndRetriesTheThrottledOne() {
    register(SUBSCRIBER, POST);
    register(LISTENS_TO_ALL);
    register(GONE, POST);
    register(THROTTLED, POST);
    register(ELSEWHERE, OTHER_POST);
    managementApi.answer(SUBSCRIBER, 200);
    managementApi.answer(GONE, 410);
    managementApi.answer(THROTTLED, 429, 200);
    APIGatewayV2HTTPEvent event = RecordedEvents.read("http-api-comment-created.json");

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals("application/json", response.getHeaders().get("Content-Type"));
    assertEquals(3, read(response).get("connectionCount").getIntValue());
    String frame = event.getBody();
    assertEquals(List.of(frame), bodiesTo(SUBSCRIBER));
    assertEquals(List.of(frame), bodiesTo(LISTENS_TO_ALL));
    assertEquals(List.of(frame), bodiesTo(GONE));
    assertEquals(List.of(frame, frame), bodiesTo(THROTTLED), "429, then delivered on the retry");
    assertEquals(List.of(), bodiesTo(ELSEWHERE), "subscribed to another post only");
    // The answer comes after the clean-up: a Lambda that has answered may never run again.
    assertEquals(Optional.empty(), registry.find(new ConnectionId(GONE)));
    for (String kept : List.of(SUBSCRIBER, LISTENS_TO_ALL, THROTTLED, ELSEWHERE)) {
      assertTrue(registry.find(new ConnectionId(kept)).isPresent(), kept + " is still registered");
    }
    assertEquals(List.of(), managementApi.strays());
  }

  @Test
  void pushesAreSignedForExecuteApiInTheFunctionsRegion() {
    register(SUBSCRIBER, POST);

    handler.handleRequest(RecordedEvents.read("http-api-comment-created.json"), null);

    String authorization = managementApi.postsTo(SUBSCRIBER).get(0).authorization();
    assertTrue(
        authorization != null
            && authorization.startsWith("AWS4-HMAC-SHA256 ")
            && authorization.contains("/eu-west-1/execute-api/aws4_request"),
        authorization);
  }

  @Test
  void aMessageAboutNoPostReachesEveryConnectionThroughAFunctionUrl() {
    register(SUBSCRIBER, POST);
    register(LISTENS_TO_ALL);
    register(ELSEWHERE, OTHER_POST);
    APIGatewayV2HTTPEvent event = RecordedEvents.read("function-url-test-message.json");
    String frame = new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8);

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals(3, read(response).get("connectionCount").getIntValue());
    for (String id : List.of(SUBSCRIBER, LISTENS_TO_ALL, ELSEWHERE)) {
      assertEquals(List.of(frame), bodiesTo(id), id);
    }
  }

  @Test
  void aConnectionThrottledOnEveryAttemptIsTriedFourTimesAsByTheServiceAndNotCounted() {
    register(SUBSCRIBER, POST);
    register(THROTTLED, POST);
    managementApi.answer(THROTTLED, 429);

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(RecordedEvents.read("http-api-comment-created.json"), null);

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals(1, read(response).get("connectionCount").getIntValue());
    assertEquals(4, managementApi.postsTo(THROTTLED).size());
    assertTrue(registry.find(new ConnectionId(THROTTLED)).isPresent(), "throttled is not gone");
  }

  @Test
  void aPostWithNoAudienceAnswersZero() {
    register(ELSEWHERE, OTHER_POST);

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(RecordedEvents.read("http-api-comment-created.json"), null);

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals(0, read(response).get("connectionCount").getIntValue());
    assertEquals(List.of(), managementApi.posts());
  }

  @Test
  void aBodyThatIsNotAFrameIsA400ProblemAndPushesNothing() {
    register(LISTENS_TO_ALL);

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(RecordedEvents.read("http-api-not-json.json"), null);

    assertProblem(response, 400);
    assertEquals(List.of(), managementApi.posts());
  }

  static Stream<Arguments> badRequests() {
    String frame = RecordedEvents.read("http-api-comment-created.json").getBody();
    return Stream.of(
        bad("no body", 400, e -> e.setBody(null)),
        bad("a blank body", 400, e -> e.setBody("  ")),
        bad("a JSON array", 400, e -> e.setBody("[1,2]")),
        bad(
            "a frame without type",
            400,
            e -> e.setBody("{\"data\":{\"postId\":\"" + POST.value() + "\"}}")),
        bad("data that is no object", 400, e -> e.setBody("{\"type\":\"test\",\"data\":[1]}")),
        bad(
            "a post id that is no UUID",
            400,
            e -> e.setBody(frame.replace(POST.value(), "post-1"))),
        bad(
            "a post id that is a number",
            400,
            e -> e.setBody("{\"type\":\"test\",\"data\":{\"postId\":7}}")),
        bad(
            "base64 that is not",
            400,
            e -> {
              e.setBody("%%% not base64 %%%");
              e.setIsBase64Encoded(true);
            }),
        bad(
            "base64 of bytes that are not UTF-8",
            400,
            e -> {
              e.setBody(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3, (byte) 0x28}));
              e.setIsBase64Encoded(true);
            }),
        bad(
            "a frame over 128 KiB",
            413,
            e -> e.setBody(frame.replace("Grüße", "x".repeat(128 * 1024)))),
        bad("GET", 405, e -> e.getRequestContext().getHttp().setMethod("GET")),
        bad("another path", 404, e -> e.setRawPath("/development/broadcast/other")),
        bad("no stage", 404, e -> e.setRawPath("/broadcast/comments")));
  }

  private static Arguments bad(String what, int status, Consumer<APIGatewayV2HTTPEvent> change) {
    return Arguments.of(what, status, change);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("badRequests")
  void badInputIsAProblemAndPushesNothing(
      String what, int status, Consumer<APIGatewayV2HTTPEvent> change) {
    register(LISTENS_TO_ALL);
    APIGatewayV2HTTPEvent event = RecordedEvents.read("http-api-comment-created.json");
    change.accept(event);

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertProblem(response, status);
    assertEquals(List.of(), managementApi.posts(), what);
  }

  @Test
  void withAnIntegrationSecretOnlyACallThatCarriesItIsServed() {
    register(LISTENS_TO_ALL);
    try (BroadcastHandler guarded =
        new BroadcastHandler(
            context(Map.of("livecomments.websocket.integration-secret", "s3cr3t-bridge")))) {
      APIGatewayV2HTTPEvent without = RecordedEvents.read("http-api-comment-created.json");
      APIGatewayV2HTTPEvent wrong = RecordedEvents.read("http-api-comment-created.json");
      wrong.getHeaders().put("x-integration-secret", "guess");
      APIGatewayV2HTTPEvent right = RecordedEvents.read("http-api-comment-created.json");
      right.getHeaders().put("x-integration-secret", "s3cr3t-bridge");

      assertProblem(guarded.handleRequest(without, null), 403);
      assertProblem(guarded.handleRequest(wrong, null), 403);
      assertEquals(List.of(), managementApi.posts());
      APIGatewayV2HTTPResponse served = guarded.handleRequest(right, null);
      assertEquals(200, served.getStatusCode(), served.getBody());
      assertEquals(1, managementApi.postsTo(LISTENS_TO_ALL).size());
    }
  }

  @Test
  void startsWithoutReachingAnythingAndAnswers503WhenTheRegistryIsUnreachable() {
    URI nowhere = URI.create("http://127.0.0.1:9");
    try (BroadcastHandler cut =
        new BroadcastHandler(
            context(
                Map.of(
                    "livecomments.dynamodb.endpoint",
                    nowhere.toString(),
                    "livecomments.apigateway.endpoint",
                    nowhere + "/development")))) {
      APIGatewayV2HTTPResponse response =
          cut.handleRequest(RecordedEvents.read("http-api-comment-created.json"), null);

      assertProblem(response, 503);
    }
  }

  private static void register(String id, PostId... subscriptions) {
    registry.register(
        new Connection(
            new ConnectionId(id), Set.of(subscriptions), Optional.empty(), Instant.now()));
  }

  private static List<String> bodiesTo(String id) {
    return managementApi.postsTo(id).stream().map(RecordingManagementApi.Post::body).toList();
  }

  private static JsonNode read(APIGatewayV2HTTPResponse response) {
    try {
      return json.readValue(response.getBody(), JsonNode.class);
    } catch (IOException e) {
      throw new AssertionError("Not JSON: " + response.getBody(), e);
    }
  }

  private static void assertProblem(APIGatewayV2HTTPResponse response, int status) {
    assertEquals(status, response.getStatusCode(), response.getBody());
    assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
    JsonNode problem = read(response);
    assertEquals(status, problem.get("status").getIntValue());
    assertFalse(problem.get("title").getStringValue().isBlank());
    assertFalse(problem.get("detail").getStringValue().isBlank());
    assertEquals("about:blank", problem.get("type").getStringValue());
    assertFalse(response.getBody().contains("Exception"), response.getBody());
    assertFalse(response.getBody().contains("\tat "), response.getBody());
  }
}
