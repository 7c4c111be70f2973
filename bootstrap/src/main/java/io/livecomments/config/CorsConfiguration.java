package io.livecomments.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code livecomments.cors}: which other origins' pages may call the REST API from a browser
 * (CONTRACT section 6). Applied to Micronaut's own CORS support by {@link CorsSetup}.
 *
 * @param allowedOrigins origins such as {@code https://blog.example.com} (comma-separated in the
 *     environment variable), {@code *} for any, or {@code none}; unset: {@code *} in dev auth mode,
 *     none otherwise
 */
@ConfigurationProperties("livecomments.cors")
public record CorsConfiguration(@Nullable List<String> allowedOrigins) {

  static final String ANY = "*";
  private static final String NONE = "none";

  public CorsConfiguration {
    allowedOrigins = allowedOrigins == null ? null : normalised(allowedOrigins);
  }

  /**
   * The origins in effect: what was set, or the auth mode's default.
   *
   * @param devAuth whether tokens are dev tokens, which anyone may mint anyway
   * @return origins as browsers send them in {@code Origin}, {@code ["*"]} for any, empty for none
   */
  public List<String> effectiveOrigins(boolean devAuth) {
    if (allowedOrigins == null) {
      return devAuth ? List.of(ANY) : List.of();
    }
    return allowedOrigins;
  }

  /**
   * Checks every entry and writes it as browsers write {@code Origin}: lower-case scheme and host,
   * no default port, no trailing slash, so that {@code https://Blog.example.com:443/} still
   * matches.
   */
  private static List<String> normalised(List<String> values) {
    List<String> origins = new ArrayList<>();
    for (String value : values) {
      String origin = value == null ? "" : value.trim();
      if (origin.isEmpty()) {
        continue;
      }
      if (origin.equals(ANY) || origin.equalsIgnoreCase(NONE)) {
        if (values.stream().filter(v -> v != null && !v.isBlank()).count() > 1) {
          throw new ConfigurationException(
              "livecomments.cors.allowed-origins: '" + origin + "' stands alone, was " + values);
        }
        return origin.equals(ANY) ? List.of(ANY) : List.of();
      }
      origins.add(origin(origin));
    }
    return List.copyOf(origins);
  }

  private static String origin(String value) {
    URI uri;
    try {
      uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    } catch (URISyntaxException e) {
      throw notAnOrigin(value);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || !uri.getRawPath().isEmpty()
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw notAnOrigin(value);
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    // Browsers leave the scheme's default port out of Origin, so https://a.com:443 is
    // https://a.com.
    boolean defaultPort =
        uri.getPort() == -1
            || (scheme.equals("https") && uri.getPort() == 443)
            || (scheme.equals("http") && uri.getPort() == 80);
    return scheme + "://" + host + (defaultPort ? "" : ":" + uri.getPort());
  }

  private static ConfigurationException notAnOrigin(String value) {
    return new ConfigurationException(
        "livecomments.cors.allowed-origins: '"
            + value
            + "' is not an origin such as https://blog.example.com or http://localhost:3000"
            + " (scheme, host and port only), nor * or none");
  }
}
