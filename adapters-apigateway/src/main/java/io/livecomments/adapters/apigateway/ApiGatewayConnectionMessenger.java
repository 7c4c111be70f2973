package io.livecomments.adapters.apigateway;

import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.domain.ConnectionId;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Pushes through the API Gateway Management API: {@code PostToConnection}, that is {@code POST
 * {endpoint}/@connections/{id}} with the frame as its body, SigV4-signed for {@code execute-api}.
 * Works against API Gateway itself and any faithful emulator: ids are passed as opaque strings
 * (URL-encoded as the SDK encodes them), any 2xx is success, and outcomes are read from the HTTP
 * status.
 *
 * <p>The request is built from the AWS SDK's own parts, its SigV4 signer ({@link AwsV4HttpSigner}),
 * credentials providers and Netty HTTP client, rather than through the generated {@code
 * ApiGatewayManagementApiAsyncClient}. That client runs each call through a general pipeline (a
 * JSON marshaller for a body that is raw bytes, interceptors, metrics, attempt and timeout
 * tracking, a completion executor): in a fan-out to 10,000 connections it was most of the CPU and
 * about 50 KB of garbage per push (docs/benchmarks.md). A push needs one request, signed, and its
 * status; retries are the caller's ({@code ConnectionPusher}: bounded, with backoff, 410 never
 * retried), so the client's own would only be in the way. {@code ApiGatewayConnectionMessengerTest}
 * holds the request to what the generated client sends.
 */
public final class ApiGatewayConnectionMessenger implements ConnectionMessenger, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayConnectionMessenger.class);

  /** How long a close waits for the event loops; a stop has drained the pushes before. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private static final String SIGNING_NAME = "execute-api";

  /** What the generated client declares for {@code PostToConnection}'s raw-bytes body. */
  private static final String CONTENT_TYPE = "application/json";

  private static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

  /** How much of an error answer's body is kept for the log. */
  private static final int ERROR_BODY_LIMIT = 512;

  /** Error codes that mean "slow down" even without a 429, as the SDK reads them. */
  private static final Set<String> THROTTLING_CODES =
      Set.of(
          "LimitExceededException",
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "TooManyRequestsException",
          "RequestLimitExceeded");

  private final String connectionsUrl;
  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final Clock clock;
  private final SdkAsyncHttpClient http;
  private final SdkEventLoopGroup eventLoops;

  ApiGatewayConnectionMessenger(
      URI endpoint,
      Region region,
      AwsCredentialsProvider credentials,
      Clock clock,
      SdkAsyncHttpClient http,
      SdkEventLoopGroup eventLoops) {
    String base = endpoint.toString();
    this.connectionsUrl = (base.endsWith("/") ? base : base + "/") + "@connections/";
    this.region = region;
    this.credentials = credentials;
    this.clock = clock;
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
    return create(endpoint, region, maxConcurrency, Clock.systemUTC());
  }

  static ApiGatewayConnectionMessenger create(
      URI endpoint, Region region, int maxConcurrency, Clock clock) {
    // Our own event loops, so that closing does not wait out the SDK's two quiet seconds. One per
    // core rather than Netty's two: a push is CPU, not waiting, and fewer loops hand off less.
    SdkEventLoopGroup eventLoops =
        SdkEventLoopGroup.builder()
            .numberOfThreads(Math.max(1, Runtime.getRuntime().availableProcessors()))
            .build();
    SdkAsyncHttpClient http =
        NettyNioAsyncHttpClient.builder()
            .eventLoopGroup(eventLoops)
            .maxConcurrency(maxConcurrency)
            .maxPendingConnectionAcquires(Math.max(10_000, maxConcurrency * 4))
            .connectionTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(10))
            .writeTimeout(Duration.ofSeconds(10))
            .build();
    LOG.info("Pushing through the API Gateway Management API at {}", endpoint);
    return new ApiGatewayConnectionMessenger(
        endpoint, region, credentialsFor(endpoint), clock, http, eventLoops);
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
    OutcomeHandler outcome = new OutcomeHandler();
    try {
      byte[] body = frame.getBytes(StandardCharsets.UTF_8);
      SignedRequest signed = sign(connectionId, body);
      http.execute(
              AsyncExecuteRequest.builder()
                  .request(signed.request())
                  .requestContentPublisher(new BytesPublisher(body))
                  .responseHandler(outcome)
                  .build())
          .whenComplete(
              (done, error) -> {
                if (error != null) {
                  outcome.fail(error);
                }
              });
    } catch (RuntimeException e) {
      // Credentials that cannot be resolved, an id that makes no URI: nothing was sent.
      outcome.fail(e);
    }
    return outcome.result;
  }

  private SignedRequest sign(ConnectionId connectionId, byte[] body) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create(connectionsUrl + SdkHttpUtils.urlEncode(connectionId.value())))
            .putHeader("Content-Type", CONTENT_TYPE)
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
    return signer.sign(
        r ->
            r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
  }

  /** Reads the outcome from the HTTP status, the one thing every gateway agrees on. */
  static PushOutcome outcomeOf(int status, Optional<String> errorType, String body) {
    if (status >= 200 && status < 300) {
      return PushOutcome.DELIVERED;
    }
    if (status == 410) {
      return PushOutcome.GONE;
    }
    String code = errorType.map(t -> t.split(":", 2)[0].trim()).orElse("");
    if (status == 429 || THROTTLING_CODES.contains(code)) {
      return new PushOutcome.Throttled();
    }
    String reason = "HTTP " + status + (code.isEmpty() ? "" : " " + code) + ": " + body;
    if (status >= 500) {
      return new PushOutcome.Failed(reason);
    }
    return new PushOutcome.Rejected(reason);
  }

  @Override
  public void close() {
    http.close();
    eventLoops
        .eventLoopGroup()
        .shutdownGracefully(0, CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(CLOSE_TIMEOUT.toMillis());
  }

  /** The frame as the request's body, one buffer. */
  private static final class BytesPublisher implements SdkHttpContentPublisher {

    private final AsyncRequestBody body;

    BytesPublisher(byte[] bytes) {
      this.body = AsyncRequestBody.fromBytesUnsafe(bytes);
    }

    @Override
    public Optional<Long> contentLength() {
      return body.contentLength();
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      body.subscribe(subscriber);
    }
  }

  /**
   * Turns the answer into a {@link PushOutcome}: the status, and for an error the start of its
   * body. The body is always read to its end, so the connection goes back to the pool.
   */
  private static final class OutcomeHandler
      implements SdkAsyncHttpResponseHandler, Subscriber<ByteBuffer> {

    final CompletableFuture<PushOutcome> result = new CompletableFuture<>();
    private SdkHttpResponse response;
    private final StringBuilder errorBody = new StringBuilder();

    @Override
    public void onHeaders(SdkHttpResponse headers) {
      this.response = headers;
    }

    @Override
    public void onStream(Publisher<ByteBuffer> stream) {
      stream.subscribe(this);
    }

    @Override
    public void onError(Throwable error) {
      fail(error);
    }

    void fail(Throwable error) {
      // Client-side: connection refused, timeout, DNS. Worth a retry.
      result.complete(new PushOutcome.Failed(error.toString()));
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer buffer) {
      if (!response.isSuccessful() && errorBody.length() < ERROR_BODY_LIMIT) {
        errorBody.append(StandardCharsets.UTF_8.decode(buffer));
      }
    }

    @Override
    public void onComplete() {
      String body =
          errorBody.length() > ERROR_BODY_LIMIT
              ? errorBody.substring(0, ERROR_BODY_LIMIT)
              : errorBody.toString();
      result.complete(
          outcomeOf(response.statusCode(), response.firstMatchingHeader(ERROR_TYPE_HEADER), body));
    }
  }
}
