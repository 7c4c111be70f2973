package io.livecomments.lambda.broadcast;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.livecomments.application.port.out.StoreUnavailableException;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcast bridge of {@code livecomments.broadcast=http-bridge} on AWS: {@code POST
 * /{stage}/broadcast/comments} with the message's frame as the body, as {@code HttpBridgePublisher}
 * sends it, fanned out to the frame's audience through the Management API; answers {@code
 * {"connectionCount": N}}, N being the connections that took the frame.
 *
 * <p>The event is API Gateway's HTTP payload format 2.0 ({@link APIGatewayV2HTTPEvent}), which both
 * an HTTP API route and a Lambda function URL deliver, so the stack may put either in front. Bad
 * input is a 4xx with a problem+json body, never a stack trace.
 *
 * <p>Everything is built while the function initialises, and nothing there touches the network, so
 * a SnapStart snapshot holds a ready handler and no stale connection or credential.
 */
public class BroadcastHandler
    extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private static final Logger LOG = LoggerFactory.getLogger(BroadcastHandler.class);

  static final String PATH_SUFFIX = "/broadcast/comments";

  /** API Gateway's limit for one WebSocket message: a larger frame could reach nobody. */
  static final int MAX_FRAME_BYTES = 128 * 1024;

  /** How long a fan-out may take when the Lambda context does not say (outside Lambda). */
  static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(25);

  /** Kept from the invocation's remaining time to write the answer before Lambda's timeout. */
  private static final Duration ANSWER_MARGIN = Duration.ofMillis(500);

  private static final String JSON = "application/json";
  private static final String PROBLEM_JSON = "application/problem+json";

  private final BridgeFanOut fanOut;
  private final JsonMapper json;
  private final BridgeSecretConfiguration secret;

  /** What Lambda calls: configuration from the environment variables. */
  public BroadcastHandler() {
    super();
    this.fanOut = applicationContext.getBean(BridgeFanOut.class);
    this.json = applicationContext.getBean(JsonMapper.class);
    this.secret = applicationContext.getBean(BridgeSecretConfiguration.class);
    warmUp();
  }

  /** For tests and tools: configuration from the builder. */
  public BroadcastHandler(ApplicationContextBuilder builder) {
    super(builder);
    this.fanOut = applicationContext.getBean(BridgeFanOut.class);
    this.json = applicationContext.getBean(JsonMapper.class);
    this.secret = applicationContext.getBean(BridgeSecretConfiguration.class);
    warmUp();
  }

  @Override
  public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
    try {
      return handle(event, patience());
    } catch (RuntimeException e) {
      LOG.error("The broadcast failed", e);
      return problem(500, "Internal Server Error", "The broadcast failed; the log says why");
    }
  }

  private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Duration patience) {
    if (event == null) {
      return problem(400, "Bad Request", "No event");
    }
    String method = method(event);
    String path = event.getRawPath();
    if (path == null || !path.endsWith(PATH_SUFFIX) || path.length() <= PATH_SUFFIX.length() + 1) {
      return problem(404, "Not Found", "The bridge is POST /{stage}" + PATH_SUFFIX);
    }
    if (!"POST".equalsIgnoreCase(method)) {
      APIGatewayV2HTTPResponse answer =
          problem(405, "Method Not Allowed", "The bridge takes POST only");
      answer.getHeaders().put("Allow", "POST");
      return answer;
    }
    if (!secret.accepts(header(event, BridgeSecretConfiguration.HEADER))) {
      return problem(403, "Forbidden", "Only the service may call the bridge");
    }
    Optional<String> frame = body(event);
    if (frame.isEmpty()) {
      return problem(400, "Bad Request", "The body must be the message's frame, in UTF-8");
    }
    if (frame.get().getBytes(StandardCharsets.UTF_8).length > MAX_FRAME_BYTES) {
      return problem(
          413, "Content Too Large", "A frame is at most 128 KiB, API Gateway's message limit");
    }
    BroadcastFrame read = BroadcastFrame.read(frame.get(), json);
    if (read instanceof BroadcastFrame.Invalid invalid) {
      return problem(400, "Bad Request", invalid.detail());
    }
    BroadcastFrame.Valid valid = (BroadcastFrame.Valid) read;
    try {
      BridgeFanOut.Outcome outcome =
          fanOut.broadcast(valid.topic(), valid.type(), frame.get(), patience);
      return answer(200, JSON, new BroadcastAnswer(outcome.report().delivered()));
    } catch (StoreUnavailableException e) {
      LOG.warn("The connection registry is unavailable; nothing was pushed: {}", e.toString());
      return problem(503, "Service Unavailable", "The connection registry is unavailable");
    } catch (TimeoutException e) {
      LOG.warn("The fan-out did not settle within {}: {}", patience, e.getMessage());
      return problem(
          504,
          "Gateway Timeout",
          "The fan-out did not settle within " + patience.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return problem(503, "Service Unavailable", "The function is stopping");
    }
  }

  /** The invocation's remaining time, less a margin to answer in. */
  private Duration patience() {
    return applicationContext
        .findBean(Context.class)
        .map(context -> Duration.ofMillis(context.getRemainingTimeInMillis()).minus(ANSWER_MARGIN))
        .filter(left -> !left.isNegative())
        .orElse(DEFAULT_PATIENCE);
  }

  private static String method(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
    return context == null || context.getHttp() == null ? null : context.getHttp().getMethod();
  }

  /** HTTP APIs and function URLs send header names in lower case; anyone else may not. */
  private static String header(APIGatewayV2HTTPEvent event, String name) {
    Map<String, String> headers = event.getHeaders();
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  /** The frame as text; empty if absent, blank, not base64 where flagged so, or not UTF-8. */
  private static Optional<String> body(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body == null) {
      return Optional.empty();
    }
    if (event.getIsBase64Encoded()) {
      try {
        byte[] bytes = Base64.getDecoder().decode(body);
        body =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
      } catch (IllegalArgumentException | CharacterCodingException e) {
        return Optional.empty();
      }
    }
    return body.isBlank() ? Optional.empty() : Optional.of(body);
  }

  private APIGatewayV2HTTPResponse problem(int status, String title, String detail) {
    return answer(status, PROBLEM_JSON, new Problem("about:blank", title, status, detail));
  }

  private APIGatewayV2HTTPResponse answer(int status, String contentType, Object body) {
    try {
      return APIGatewayV2HTTPResponse.builder()
          .withStatusCode(status)
          .withHeaders(new HashMap<>(Map.of("Content-Type", contentType)))
          .withBody(json.writeValueAsString(body))
          .withIsBase64Encoded(false)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a frame and writes both kinds of answer once, during initialisation: the JSON code paths
   * are loaded and linked before the first request (and before a SnapStart snapshot). No network.
   */
  private void warmUp() {
    BroadcastFrame.read(
        "{\"type\":\"comment.created\",\"eventId\":\"00000000-0000-4000-8000-000000000000\","
            + "\"data\":{\"postId\":\"00000000-0000-4000-8000-000000000001\"},"
            + "\"timestamp\":\"2026-01-01T00:00:00Z\"}",
        json);
    answer(200, JSON, new BroadcastAnswer(0));
    problem(400, "Bad Request", "warm-up");
  }

  /** The bridge's answer, as the local gateway's bridge gives it. */
  @Serdeable
  record BroadcastAnswer(int connectionCount) {}

  /** RFC 9457, as every error of the service. */
  @Serdeable
  record Problem(String type, String title, int status, String detail) {}
}
