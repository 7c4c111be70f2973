package io.livecomments.localgateway;

import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the backend's integration endpoints: records every call and accepts it, except a
 * connect with {@code reject} in its query (403). A connect with {@code greet} pushes a frame to
 * the connection before answering, as the real backend may; one with {@code hold} waits for {@link
 * #release()}.
 */
@Controller("/api/v1/websocket")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class FakeBackend {

  static final String GREETING = "hello before open";

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final JsonMapper json;
  private final BeanProvider<EmbeddedServer> server;
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile CountDownLatch held = new CountDownLatch(1);
  private volatile int greetingStatus;
  private final Map<String, Integer> failingDisconnects = new ConcurrentHashMap<>();

  public FakeBackend(JsonMapper json, BeanProvider<EmbeddedServer> server) {
    this.json = json;
    this.server = server;
  }

  /** One recorded integration call. */
  record Call(
      String route,
      String body,
      Map<String, Object> json,
      @Nullable String secret,
      @Nullable String requestIdHeader) {

    @SuppressWarnings("unchecked")
    Map<String, Object> requestContext() {
      return (Map<String, Object>) json.get("requestContext");
    }

    String connectionId() {
      return (String) requestContext().get("connectionId");
    }

    @SuppressWarnings("unchecked")
    Map<String, String> query() {
      return (Map<String, String>) json.get("queryStringParameters");
    }
  }

  @Post("/connect")
  public HttpResponse<?> connect(@Body String body, HttpHeaders headers) throws Exception {
    Call call = record("connect", body, headers);
    Map<String, String> query = call.query() == null ? Map.of() : call.query();
    if (query.containsKey("reject")) {
      return HttpResponse.status(io.micronaut.http.HttpStatus.FORBIDDEN)
          .body(Map.of("message", "Forbidden"));
    }
    if (query.containsKey("greet")) {
      greetingStatus = pushTo(call.connectionId(), GREETING);
    }
    if (query.containsKey("hold")) {
      held.await(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
    return HttpResponse.ok(
        Map.of("statusCode", 200, "body", "{\"message\":\"Connected successfully\"}"));
  }

  @Post("/default")
  public HttpResponse<?> message(@Body String body, HttpHeaders headers) throws IOException {
    record("default", body, headers);
    return HttpResponse.ok(Map.of("statusCode", 200));
  }

  @Post("/disconnect")
  public HttpResponse<?> disconnect(@Body String body, HttpHeaders headers) throws IOException {
    Call call = record("disconnect", body, headers);
    Integer failures = failingDisconnects.computeIfPresent(call.connectionId(), (id, n) -> n - 1);
    if (failures != null && failures >= 0) {
      return HttpResponse.status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE);
    }
    return HttpResponse.ok(
        Map.of("statusCode", 200, "body", "{\"message\":\"Disconnected successfully\"}"));
  }

  /** Answers the next {@code times} disconnect calls for this connection with 503. */
  void failDisconnectsOf(String connectionId, int times) {
    failingDisconnects.put(connectionId, times);
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Call> calls(String route) {
    return calls.stream().filter(call -> call.route().equals(route)).toList();
  }

  List<Call> calls(String route, String connectionId) {
    return calls(route).stream().filter(call -> call.connectionId().equals(connectionId)).toList();
  }

  /** The connect call of the client that passed {@code client=<tag>} in its query. */
  Optional<Call> connectOf(String tag) {
    return calls("connect").stream()
        .filter(call -> call.query() != null && tag.equals(call.query().get("client")))
        .findFirst();
  }

  int greetingStatus() {
    return greetingStatus;
  }

  void release() {
    held.countDown();
    held = new CountDownLatch(1);
  }

  void clear() {
    calls.clear();
  }

  private Call record(String route, String body, HttpHeaders headers) throws IOException {
    Map<String, Object> parsed = json.readValue(body, Argument.mapOf(String.class, Object.class));
    Call call =
        new Call(
            route,
            body,
            parsed,
            headers.get(IntegrationClient.SECRET_HEADER),
            headers.get(IntegrationClient.REQUEST_ID_HEADER));
    calls.add(call);
    return call;
  }

  private int pushTo(String connectionId, String frame) throws Exception {
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + server.get().getPort()
                + "/@connections/"
                + URLEncoder.encode(connectionId, StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(frame)).build();
    return http.send(request, BodyHandlers.discarding()).statusCode();
  }
}
