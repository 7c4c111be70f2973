package io.livecomments.adapters.apigateway;

import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.domain.ConnectionId;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

/**
 * Pushes through the API Gateway Management API ({@code POST /@connections/{id}}, SigV4-signed for
 * {@code execute-api}) with the AWS SDK v2 async client. Works against API Gateway itself and any
 * faithful emulator: ids are passed through as opaque strings (the SDK URL-encodes them), any 2xx
 * is success, and outcomes are read from the HTTP status, whichever exception type an emulator's
 * error body leads the SDK to.
 */
public final class ApiGatewayConnectionMessenger implements ConnectionMessenger, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayConnectionMessenger.class);

  /** How long a close waits for the event loops; a stop has drained the pushes before. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final ApiGatewayManagementApiAsyncClient client;
  private final SdkAsyncHttpClient http;
  private final SdkEventLoopGroup eventLoops;

  public ApiGatewayConnectionMessenger(ApiGatewayManagementApiAsyncClient client) {
    this.client = client;
    this.http = null;
    this.eventLoops = null;
  }

  private ApiGatewayConnectionMessenger(
      ApiGatewayManagementApiAsyncClient client,
      SdkAsyncHttpClient http,
      SdkEventLoopGroup eventLoops) {
    this.client = client;
    this.http = http;
    this.eventLoops = eventLoops;
  }

  /**
   * A messenger for the Management API at {@code endpoint}, e.g. {@code
   * https://abc123.execute-api.eu-west-1.amazonaws.com/prod} (the stage path is kept) or a local
   * gateway. Localhost endpoints get dummy credentials, so they run without an AWS account;
   * anything else uses the SDK's default credentials chain.
   *
   * @param maxConcurrency how many requests may be open at once
   */
  public static ApiGatewayConnectionMessenger create(
      URI endpoint, Region region, int maxConcurrency) {
    Endpoint fixed = Endpoint.builder().url(endpoint).build();
    // Our own event loops, so that closing does not wait out the SDK's two quiet seconds.
    SdkEventLoopGroup eventLoops = SdkEventLoopGroup.builder().build();
    SdkAsyncHttpClient http =
        NettyNioAsyncHttpClient.builder()
            .eventLoopGroup(eventLoops)
            .maxConcurrency(maxConcurrency)
            .maxPendingConnectionAcquires(Math.max(10_000, maxConcurrency * 4))
            .connectionTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(10))
            .build();
    ApiGatewayManagementApiAsyncClient client =
        ApiGatewayManagementApiAsyncClient.builder()
            .endpointOverride(endpoint)
            // The endpoint is fixed; resolving it through the SDK's rules engine on every push
            // costs CPU that a large fan-out feels.
            .endpointProvider(params -> CompletableFuture.completedFuture(fixed))
            .region(region)
            .credentialsProvider(credentialsFor(endpoint))
            .httpClient(http)
            // Retries are ours (ConnectionPusher): bounded, with backoff, and 410 never retried.
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    LOG.info("Pushing through the API Gateway Management API at {}", endpoint);
    return new ApiGatewayConnectionMessenger(client, http, eventLoops);
  }

  static AwsCredentialsProvider credentialsFor(URI endpoint) {
    return isLocal(endpoint)
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
        : DefaultCredentialsProvider.builder().build();
  }

  static boolean isLocal(URI endpoint) {
    String host = endpoint.getHost();
    return host != null
        && (host.equals("localhost")
            || host.startsWith("127.")
            || host.equals("[::1]")
            || host.equals("::1"));
  }

  @Override
  public CompletionStage<PushOutcome> push(ConnectionId connectionId, String frame) {
    CompletableFuture<?> call;
    try {
      call =
          client.postToConnection(
              r -> r.connectionId(connectionId.value()).data(SdkBytes.fromUtf8String(frame)));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failure(e));
    }
    return call.handle((response, error) -> error == null ? PushOutcome.DELIVERED : failure(error));
  }

  /** Reads the outcome from the HTTP status, the one thing every gateway agrees on. */
  static PushOutcome failure(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof SdkServiceException service) {
      int status = service.statusCode();
      if (status == 410) {
        return PushOutcome.GONE;
      }
      if (status == 429 || service.isThrottlingException()) {
        return new PushOutcome.Throttled();
      }
      if (status >= 500) {
        return new PushOutcome.Failed("HTTP " + status + ": " + service.getMessage());
      }
      return new PushOutcome.Rejected("HTTP " + status + ": " + service.getMessage());
    }
    // Client-side: connection refused, timeout, DNS. Worth a retry.
    return new PushOutcome.Failed(cause.toString());
  }

  @Override
  public void close() {
    client.close();
    if (http != null) {
      http.close();
    }
    if (eventLoops != null) {
      eventLoops
          .eventLoopGroup()
          .shutdownGracefully(0, CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(CLOSE_TIMEOUT.toMillis());
    }
  }
}
