package io.livecomments.config;

import io.livecomments.adapters.rest.auth.AuthConfiguration;
import io.livecomments.adapters.rest.auth.AuthMode;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.cors.CorsOriginConfiguration;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code livecomments.cors.allowed-origins} into Micronaut's CORS configuration, so that
 * Micronaut's {@code CorsFilter} answers preflights and decorates responses: the headers the API
 * reads and writes, no credentials (tokens travel in {@code Authorization}, never in cookies).
 *
 * <p>Micronaut refuses pages of the internet that call a server on localhost when the allowed
 * origins are {@code *} ("drive-by localhost"); listed origins are let in either way. This setup
 * turns that refusal off, so that {@code *} means any origin, as CONTRACT section 6 says, also for
 * the {@code dev} default on a laptop, where a team's site (say {@code https://blog.example.com})
 * calls the jar it runs. The price is that in {@code dev} mode any page a developer visits may call
 * the local jar; dev tokens are free to mint there anyway, so it reaches nothing a page could not
 * already reach with its own token. With no origins configured CORS stays off, and browsers keep
 * every other origin out.
 */
@Singleton
public class CorsSetup
    implements BeanCreatedEventListener<HttpServerConfiguration.CorsConfiguration> {

  static final List<String> ALLOWED_HEADERS =
      List.of(
          HttpHeaders.AUTHORIZATION,
          HttpHeaders.CONTENT_TYPE,
          "Idempotency-Key",
          "X-Request-Id",
          "X-Connection-Id");
  static final List<String> EXPOSED_HEADERS =
      List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, "X-Request-Id", "Idempotent-Replayed");
  private static final List<HttpMethod> ALLOWED_METHODS =
      List.of(
          HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.DELETE);

  /** How long a browser may reuse a preflight's answer (Chrome caps it at two hours). */
  private static final Duration PREFLIGHT_MAX_AGE = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(CorsSetup.class);

  private final List<String> origins;

  CorsSetup(CorsConfiguration cors, AuthConfiguration auth) {
    this.origins = cors.effectiveOrigins(auth.mode() == AuthMode.DEV);
  }

  @Override
  public HttpServerConfiguration.CorsConfiguration onCreated(
      BeanCreatedEvent<HttpServerConfiguration.CorsConfiguration> event) {
    HttpServerConfiguration.CorsConfiguration micronaut = event.getBean();
    if (origins.isEmpty()) {
      micronaut.setEnabled(false);
      LOG.info("CORS: off, no other origin's pages may call the API from a browser");
      return micronaut;
    }
    CorsOriginConfiguration api = new CorsOriginConfiguration();
    api.setAllowedOrigins(
        origins.equals(List.of(CorsConfiguration.ANY)) ? CorsOriginConfiguration.ANY : origins);
    api.setAllowedMethods(ALLOWED_METHODS);
    // Any, here: Micronaut refuses a preflight that names no header when a list is set.
    // CorsHeaderGuard holds preflights to ALLOWED_HEADERS instead.
    api.setAllowedHeaders(CorsOriginConfiguration.ANY);
    api.setExposedHeaders(EXPOSED_HEADERS);
    api.setAllowCredentials(false);
    api.setMaxAge(PREFLIGHT_MAX_AGE.toSeconds());
    micronaut.setConfigurations(Map.of("livecomments", api));
    micronaut.setLocalhostPassThrough(true);
    // One header line per name (a, b, c), as most clients and proxies expect to read them.
    micronaut.setSingleHeader(true);
    micronaut.setEnabled(true);
    LOG.info("CORS: pages of {} may call the API from a browser", String.join(", ", origins));
    return micronaut;
  }
}
