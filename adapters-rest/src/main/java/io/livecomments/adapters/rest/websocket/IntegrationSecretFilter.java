package io.livecomments.adapters.rest.websocket;

import io.livecomments.adapters.rest.problem.ProblemKind;
import io.livecomments.adapters.rest.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Lets only the gateway call the integration endpoints when {@code
 * livecomments.websocket.integration-secret} is set: others get 403. Compared in constant time, so
 * that timing does not reveal the secret a byte at a time.
 */
@ServerFilter("/api/v1/websocket/**")
public class IntegrationSecretFilter {

  public static final String HEADER = "X-Integration-Secret";

  /** The gateway's endpoints; matched without trailing slashes, which routing ignores too. */
  static final Set<String> GUARDED =
      Set.of(
          "/api/v1/websocket/connect", "/api/v1/websocket/disconnect", "/api/v1/websocket/default");

  private final @Nullable byte[] secret;
  private final Problems problems;

  public IntegrationSecretFilter(WebSocketConfiguration configuration, Problems problems) {
    this.secret =
        configuration.requiresSecret()
            ? configuration.integrationSecret().getBytes(StandardCharsets.UTF_8)
            : null;
    this.problems = problems;
  }

  @RequestFilter
  public @Nullable HttpResponse<?> requireSecret(HttpRequest<?> request) {
    if (secret == null || !isGatewayEndpoint(request.getPath())) {
      return null;
    }
    String presented = request.getHeaders().get(HEADER);
    byte[] given = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
    if (MessageDigest.isEqual(secret, given)) {
      return null;
    }
    return problems.of(
        request,
        HttpStatus.FORBIDDEN,
        ProblemKind.FORBIDDEN,
        "Only the WebSocket gateway may call this endpoint (" + HEADER + " missing or wrong).");
  }

  /** Whether the path is one of the three endpoints only the gateway may call. */
  public static boolean isGatewayEndpoint(String path) {
    String normalized = path.replaceAll("/+", "/").replaceAll("/$", "");
    return GUARDED.contains(normalized);
  }
}
