package io.livecomments.config;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.server.annotation.PreMatching;
import io.micronaut.http.server.cors.CorsFilter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Holds preflights to the request headers CONTRACT section 6 allows. {@link CorsSetup} lets
 * Micronaut's CORS filter allow any request header, because that filter refuses a preflight that
 * names none at all ({@code OPTIONS} with only {@code Origin} and {@code
 * Access-Control-Request-Method}, which is valid and what tools send); this filter, just before it,
 * refuses a preflight that names a header outside the list.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class CorsHeaderGuard implements Ordered {

  private static final Set<String> ALLOWED =
      CorsSetup.ALLOWED_HEADERS.stream()
          .map(h -> h.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());

  @Override
  public int getOrder() {
    return CorsFilter.CORS_FILTER_ORDER - 1;
  }

  @PreMatching
  @RequestFilter
  public void refuseOtherHeaders(HttpRequest<?> request) {
    if (request.getMethod() != HttpMethod.OPTIONS
        || !request.getHeaders().contains(HttpHeaders.ORIGIN)
        || !request.getHeaders().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
      return;
    }
    String unknown =
        firstUnknown(request.getHeaders().get(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS));
    if (unknown != null) {
      throw new HttpStatusException(
          HttpStatus.FORBIDDEN,
          "Header "
              + unknown
              + " may not be sent from another origin; allowed: "
              + String.join(", ", CorsSetup.ALLOWED_HEADERS));
    }
  }

  private static @Nullable String firstUnknown(@Nullable String requested) {
    if (requested == null) {
      return null;
    }
    return Arrays.stream(requested.split(","))
        .map(String::trim)
        .filter(h -> !h.isEmpty() && !ALLOWED.contains(h.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElse(null);
  }
}
