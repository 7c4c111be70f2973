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

  /**
   * Whether the path is one of the three endpoints only the gateway may call, once runs of slashes
   * are collapsed and a trailing slash dropped. Called for every API request, so it compiles no
   * regular expression and returns at once for paths that do not name the endpoints' folder.
   */
  public static boolean isGatewayEndpoint(String path) {
    if (!path.contains("/websocket/")) {
      return false;
    }
    StringBuilder normalized = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean repeatedSlash =
          c == '/' && normalized.length() > 0 && normalized.charAt(normalized.length() - 1) == '/';
      if (!repeatedSlash) {
        normalized.append(c);
      }
    }
    int last = normalized.length() - 1;
    if (last >= 0 && normalized.charAt(last) == '/') {
      normalized.setLength(last);
    }
    return GUARDED.contains(normalized.toString());
  }
}
