package io.livecomments.localgateway;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.websocket.CloseReason;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Calls the backend's {@code $connect}, {@code $default} and {@code $disconnect} integration
 * endpoints over HTTP, as API Gateway's HTTP integration does, so the backend cannot tell the local
 * gateway from the real one.
 */
@Singleton
@Requires(condition = LocalGatewayEnabledCondition.class)
public class IntegrationClient {

  public static final String SECRET_HEADER = "X-Integration-Secret";

  /**
   * The event's {@code requestContext.requestId}, also sent as this header (API Gateway's proxy
   * integrations map it so), so that the backend's logs carry the gateway's request id.
   */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  static final String CONNECT_PATH = "/api/v1/websocket/connect";
  static final String DEFAULT_PATH = "/api/v1/websocket/default";
  static final String DISCONNECT_PATH = "/api/v1/websocket/disconnect";

  /** API Gateway gives an integration 29 s; a local backend that needs more than 10 is stuck. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Integration calls in flight at once; the rest wait their turn. */
  static final int MAX_IN_FLIGHT = 64;

  /** A lost {@code $disconnect} leaves a connection registered that no longer exists. */
  static final int DISCONNECT_ATTEMPTS = 3;

  /** The first retry's delay; each further one doubles, with up to half of it random. */
  static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

  static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(IntegrationClient.class);

  private final Clock clock = Clock.systemUTC();
  // HTTP/1.1 because the JDK client would otherwise try an h2c upgrade on every plain-HTTP call.
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  private final JsonMapper json;
  private final LocalGatewayConfiguration configuration;
  private final BeanProvider<EmbeddedServer> server;
  private final @Nullable String secret;
  private final AsyncLimiter limiter = new AsyncLimiter(MAX_IN_FLIGHT);

  public IntegrationClient(
      JsonMapper json,
      LocalGatewayConfiguration configuration,
      BeanProvider<EmbeddedServer> server) {
    this.json = json;
    this.configuration = configuration;
    this.server = server;
    String secret = configuration.integrationSecret();
    this.secret = secret == null || secret.isEmpty() ? null : secret;
  }

  /**
   * Asks the backend whether {@code connection} may connect. Completes with the HTTP status, or
   * exceptionally when the backend is unreachable or too slow.
   */
  CompletableFuture<Integer> connect(
      LocalConnection connection, Map<String, String> queryStringParameters) {
    IntegrationEvent event =
        new IntegrationEvent(
            context(connection, "$connect", "CONNECT", null, null),
            queryStringParameters.isEmpty() ? null : queryStringParameters,
            null);
    return post(CONNECT_PATH, event).thenApply(HttpResponse::statusCode);
  }

  /** Hands one client frame to {@code $default}; failures are logged, never thrown. */
  CompletableFuture<Void> message(LocalConnection connection, String frame) {
    IntegrationEvent event =
        new IntegrationEvent(
            context(connection, "$default", "MESSAGE", UUID.randomUUID().toString(), null),
            null,
            frame);
    return postLoggingFailures(DEFAULT_PATH, event, connection, 1);
  }

  /** Tells {@code $disconnect} that the connection has ended; failures are logged, never thrown. */
  CompletableFuture<Void> disconnect(LocalConnection connection, CloseReason reason) {
    IntegrationEvent event =
        new IntegrationEvent(
            context(connection, "$disconnect", "DISCONNECT", null, reason), null, null);
    return postLoggingFailures(DISCONNECT_PATH, event, connection, DISCONNECT_ATTEMPTS);
  }

  private IntegrationEvent.RequestContext context(
      LocalConnection connection,
      String routeKey,
      String eventType,
      @Nullable String messageId,
      @Nullable CloseReason closeReason) {
    return new IntegrationEvent.RequestContext(
        connection.id(),
        routeKey,
        eventType,
        UUID.randomUUID().toString(),
        LocalGatewayConfiguration.API_ID,
        configuration.stage(),
        connection.connectedAt().toEpochMilli(),
        clock.millis(),
        connection.identity(),
        messageId,
        closeReason == null ? null : closeReason.getCode(),
        closeReason == null ? null : closeReason.getReason());
  }

  /**
   * Calls the endpoint, trying again on a transport error or 5xx up to {@code attempts} times in
   * all, with jittered exponential backoff (Reactor's {@link Retry#backoff}); a server that starts
   * stopping between attempts is not called again.
   */
  private CompletableFuture<Void> postLoggingFailures(
      String path, IntegrationEvent event, LocalConnection connection, int attempts) {
    return Mono.defer(
            () -> {
              if (targetIsStopping()) {
                LOG.debug("Not calling {} for {}: this server is stopping", path, connection.id());
                return Mono.<HttpResponse<String>>empty();
              }
              return Mono.fromFuture(() -> post(path, event));
            })
        .flatMap(
            response ->
                response.statusCode() >= 500
                    ? Mono.error(new ServerError(response))
                    : Mono.just(response))
        .retryWhen(
            Retry.backoff(attempts - 1, FIRST_BACKOFF)
                .maxBackoff(MAX_BACKOFF)
                .jitter(0.5)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
        .doOnNext(response -> logUnlessSuccess(path, connection, response))
        .onErrorResume(
            error -> {
              if (error instanceof ServerError server) {
                logUnlessSuccess(path, connection, server.response);
              } else {
                LOG.warn("{} for {} failed: {}", path, connection.id(), error.toString());
              }
              return Mono.empty();
            })
        .then()
        .toFuture();
  }

  private static void logUnlessSuccess(
      String path, LocalConnection connection, HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      LOG.warn(
          "{} for {} answered {}: {}",
          path,
          connection.id(),
          response.statusCode(),
          response.body());
    }
  }

  /** A 5xx answer, carried as an error so that the retry sees it. */
  private static final class ServerError extends RuntimeException {
    private final transient HttpResponse<String> response;

    ServerError(HttpResponse<String> response) {
      super("HTTP " + response.statusCode(), null, false, false);
      this.response = response;
    }
  }

  private CompletableFuture<HttpResponse<String>> post(String path, IntegrationEvent event) {
    HttpRequest.Builder request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(baseUrl() + path))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .header(REQUEST_ID_HEADER, event.requestContext().requestId())
              .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(event)));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new UncheckedIOException(e));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (secret != null) {
      request.header(SECRET_HEADER, secret);
    }
    HttpRequest built = request.build();
    return limiter.submit(() -> http.sendAsync(built, HttpResponse.BodyHandlers.ofString()));
  }

  /**
   * Whether the backend is this very server and it is shutting down. Stopping closes every socket,
   * and their {@code $disconnect} calls could only fail against a server that no longer listens.
   */
  private boolean targetIsStopping() {
    String configured = configuration.integrationUrl();
    return (configured == null || configured.isBlank()) && !server.get().isRunning();
  }

  /**
   * The configured integration URL, else this server itself. Resolved per call because the port is
   * only known once the server has bound it (tests use random ports).
   */
  private String baseUrl() {
    String configured = configuration.integrationUrl();
    String base =
        configured == null || configured.isBlank()
            ? "http://127.0.0.1:" + server.get().getPort()
            : configured.strip();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
