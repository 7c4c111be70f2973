package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.Api.Reply;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Must-show 4 on the packaged jar as an operator runs it with {@code LIVECOMMENTS_LOG_FORMAT=json}:
 * a request id sent with a comment comes back on the answer and is in the JSON lines, on standard
 * output, of that request and of the push it caused; and every line the process writes is one JSON
 * object.
 */
class PackagedJarJsonLogsIT {

  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final String FAN_OUT =
      "io.livecomments.application.service.push.FanOutBroadcaster";

  @Test
  void aCommentsRequestIdIsEchoedAndInTheJsonLinesOfTheRequestAndOfThePushItCaused()
      throws Exception {
    Path folder = Files.createTempDirectory("livecomments-it");
    String output;
    try (PackagedJar jar =
        PackagedJar.start(
            folder,
            Map.of(
                "LIVECOMMENTS_LOG_FORMAT",
                "json",
                // The fan-out line is DEBUG when every push went well.
                "LOGGER_LEVELS_IO_LIVECOMMENTS_APPLICATION_SERVICE_PUSH",
                "DEBUG"))) {
      Api api = new Api(jar.base());
      String token = api.devToken("json-" + UUID.randomUUID(), "json@example.com");
      String post = api.createPost(token, "json logs");
      try (WsClient client = WsClient.connect(jar.base(), "postId=" + post)) {
        String requestId = "must-show-4-" + UUID.randomUUID();

        Reply created = api.comment(post, token, "traced", "X-Request-Id", requestId);

        assertEquals(201, created.status(), created.text());
        assertEquals(Optional.of(requestId), created.header("X-Request-Id"));
        client.await("comment.created", message -> true);
        WsClient.eventually()
            .untilAsserted(
                () -> {
                  List<Map<String, Object>> traced = linesWith(jar.output(), requestId);
                  assertTrue(
                      traced.stream()
                          .anyMatch(
                              line ->
                                  "io.livecomments.access".equals(line.get("loggerName"))
                                      && "INFO".equals(line.get("level"))
                                      && message(line)
                                          .startsWith(
                                              "POST /api/v1/posts/" + post + "/comments 201 ")),
                      "the request's access line: " + traced);
                  assertTrue(
                      traced.stream()
                          .anyMatch(
                              line ->
                                  FAN_OUT.equals(line.get("loggerName"))
                                      && message(line)
                                          .startsWith("Fan-out of comment.created for post " + post)
                                      && message(line).endsWith("1 delivered, 0 gone, 0 failed")),
                      "the push's fan-out line: " + traced);
                });
      }

      String tooLong = "x".repeat(129);
      Reply replaced =
          api.send("GET", "/api/v1/posts/" + post, null, null, "X-Request-Id", tooLong);
      String generated = replaced.header("X-Request-Id").orElseThrow();
      assertEquals(generated, UUID.fromString(generated).toString());
      Reply unauthenticated =
          api.send(
                  "POST",
                  "/api/v1/posts/" + post + "/comments",
                  null,
                  "{\"content\":\"x\"}",
                  "X-Request-Id",
                  "no-token")
              .assertProblem(401);
      assertEquals(Optional.of("no-token"), unauthenticated.header("X-Request-Id"));
      jar.close();
      output = jar.output();
    }

    List<String> lines = output.lines().toList();
    assertFalse(lines.isEmpty());
    for (String line : lines) {
      Map<String, Object> parsed = parse(line);
      assertTrue(parsed.get("timestamp") instanceof Number, line);
      assertTrue(parsed.get("level") instanceof String, line);
      assertTrue(parsed.get("loggerName") instanceof String, line);
      assertTrue(parsed.containsKey("formattedMessage"), line);
    }
  }

  private static List<Map<String, Object>> linesWith(String output, String requestId)
      throws IOException {
    List<Map<String, Object>> found = new ArrayList<>();
    for (String line : output.lines().toList()) {
      if (line.contains(requestId)) {
        Map<String, Object> parsed = parse(line);
        Object mdc = parsed.get("mdc");
        if (mdc instanceof Map<?, ?> context && requestId.equals(context.get("requestId"))) {
          found.add(parsed);
        }
      }
    }
    return found;
  }

  private static String message(Map<String, Object> line) {
    return String.valueOf(line.get("formattedMessage"));
  }

  private static Map<String, Object> parse(String line) throws IOException {
    try {
      return JSON.readValue(line, Argument.mapOf(String.class, Object.class));
    } catch (IOException | RuntimeException e) {
      throw new AssertionError("not a JSON object: " + line, e);
    }
  }
}
