package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real HTTP client for the started server, with just enough JSON to read its answers. */
final class Api {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private final URI base;

  Api(URI base) {
    this.base = base;
  }

  /** The answer: status, headers and the body both raw and parsed (when it is a JSON object). */
  record Reply(int status, HttpResponse<String> raw) {

    String text() {
      return raw.body();
    }

    Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    Map<String, Object> json() {
      try {
        return JSON.readValue(
            raw.body().getBytes(StandardCharsets.UTF_8),
            Argument.mapOf(String.class, Object.class));
      } catch (IOException e) {
        throw new UncheckedIOException("Not a JSON object: " + raw.body(), e);
      }
    }

    String string(String field) {
      return (String) json().get(field);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String field) {
      return (List<Map<String, Object>>) json().get(field);
    }

    /** Asserts an RFC 9457 problem with this status, and returns it for further checks. */
    Reply assertProblem(int expected) {
      assertEquals(expected, status, () -> "status of " + raw.uri() + ": " + raw.body());
      assertEquals(
          Optional.of("application/problem+json"),
          header("Content-Type").map(v -> v.split(";")[0]),
          raw.body());
      Map<String, Object> problem = json();
      assertEquals(expected, ((Number) problem.get("status")).intValue());
      assertTrue(problem.get("type") instanceof String, raw.body());
      assertTrue(problem.get("title") instanceof String, raw.body());
      assertTrue(problem.get("detail") instanceof String, raw.body());
      assertTrue(!raw.body().contains("\tat ") && !raw.body().contains("Exception"), raw.body());
      return this;
    }
  }

  Reply send(String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    return execute(request.build());
  }

  private static Reply execute(HttpRequest request) {
    try {
      HttpResponse<String> response =
          HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends the body chunked, without Content-Length, as streaming clients do. */
  Reply postChunked(String path, String token, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(bytes)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return execute(request.build());
  }

  Reply get(String path) {
    return send("GET", path, null, null);
  }

  Reply get(String path, String token) {
    return send("GET", path, token, null);
  }

  Reply post(String path, String token, String body, String... headers) {
    return send("POST", path, token, body, headers);
  }

  String devToken(String userId, String username) {
    Reply reply =
        post(
            "/api/v1/dev/tokens",
            null,
            "{\"userId\":%s,\"username\":%s}".formatted(quote(userId), quote(username)));
    assertEquals(200, reply.status(), reply.text());
    return reply.string("token");
  }

  String createPost(String token, String title) {
    Reply reply = post("/api/v1/posts", token, "{\"title\":" + quote(title) + "}");
    assertEquals(201, reply.status(), reply.text());
    return reply.string("id");
  }

  Reply comment(String postId, String token, String content, String... headers) {
    return post(
        "/api/v1/posts/" + postId + "/comments",
        token,
        "{\"content\":" + quote(content) + "}",
        headers);
  }

  static String quote(String value) {
    return json(value);
  }

  /** Any value (maps, lists, strings, numbers) as JSON text. */
  static String json(Object value) {
    if (value == null) {
      return "null";
    }
    try {
      return new String(JSON.writeValueAsBytes(value), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
