package io.livecomments.adapters.apigateway;

import io.livecomments.application.port.out.push.Broadcaster;
import io.livecomments.domain.PostId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code livecomments.broadcast=http-bridge}: posts each broadcast once to {@code
 * {endpoint}/{stage}/broadcast/comments}, where a bridge (a Lambda in production, the local gateway
 * on a laptop) fans it out. Failures are logged and counted, never thrown: a broadcast never fails
 * the change that caused it.
 *
 * <p>With an integration secret ({@code livecomments.websocket.integration-secret}), each call
 * carries it as {@code X-Integration-Secret}, which the broadcast Lambda checks when it has the
 * same secret.
 */
public final class HttpBridgePublisher implements Broadcaster {

  private static final Logger LOG = LoggerFactory.getLogger(HttpBridgePublisher.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final String SECRET_HEADER = "X-Integration-Secret";
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final HttpClient http;
  private final URI target;
  private final Optional<String> integrationSecret;
  private final LongAdder sent = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Map<Optional<PostId>, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  public HttpBridgePublisher(URI endpoint, String stage) {
    this(endpoint, stage, Optional.empty());
  }

  /**
   * @param integrationSecret sent as {@code X-Integration-Secret} on every call when present and
   *     not blank
   */
  public HttpBridgePublisher(URI endpoint, String stage, Optional<String> integrationSecret) {
    this(
        HttpClient.newBuilder().connectTimeout(TIMEOUT).build(),
        endpoint,
        stage,
        integrationSecret);
  }

  HttpBridgePublisher(
      HttpClient http, URI endpoint, String stage, Optional<String> integrationSecret) {
    this.http = http;
    this.integrationSecret = integrationSecret.filter(secret -> !secret.isBlank());
    String base = endpoint.toString().replaceAll("/+$", "");
    this.target = URI.create(base + "/" + stage + "/broadcast/comments");
  }

  @Override
  public void broadcast(Optional<PostId> topic, String type, String frame) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(target)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(frame, StandardCharsets.UTF_8));
    integrationSecret.ifPresent(secret -> builder.header(SECRET_HEADER, secret));
    HttpRequest request = builder.build();
    // One call per post at a time, in the order the broadcasts came (CONTRACT section 5): calls
    // in flight together could reach the bridge, and the clients, the other way round.
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> previous = tails.put(topic, done);
    (previous == null ? DONE : previous)
        .whenComplete(
            (ignored, alsoIgnored) ->
                send(request)
                    .whenComplete(
                        (r, e) -> {
                          tails.remove(topic, done);
                          done.complete(null);
                        }));
  }

  private CompletableFuture<?> send(HttpRequest request) {
    try {
      return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, error) -> {
                if (error == null && response.statusCode() / 100 == 2) {
                  sent.increment();
                } else {
                  failed.increment();
                  LOG.warn(
                      "Broadcast bridge {} did not take a message ({} failed so far): {}",
                      target,
                      failed.sum(),
                      error != null ? error.toString() : "HTTP " + response.statusCode());
                }
              });
    } catch (RuntimeException e) {
      failed.increment();
      LOG.warn("Broadcast bridge {} could not be called: {}", target, e.toString());
      return DONE;
    }
  }

  public long sentCount() {
    return sent.sum();
  }

  public long failedCount() {
    return failed.sum();
  }
}
