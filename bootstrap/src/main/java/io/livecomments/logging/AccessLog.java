package io.livecomments.logging;

import io.micronaut.http.HttpRequest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@code io.livecomments.access}: method, path, status and
 * duration. The path never has its query string, because {@code $connect} carries the caller's
 * token there. REST API requests are logged at INFO; the gateway's integration calls, the local
 * gateway's routes and probes at DEBUG, so that 10,000 connects or a load balancer's probes do not
 * flood the log.
 */
final class AccessLog {

  static final String LOGGER = "io.livecomments.access";

  /** API paths that the gateway or a monitor calls, not people. */
  private static final Set<String> MACHINE_PATHS =
      Set.of(
          "/api/v1/websocket/connect",
          "/api/v1/websocket/disconnect",
          "/api/v1/websocket/default",
          "/api/v1/websocket/connections");

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  void log(HttpRequest<?> request, int status, long nanos) {
    String path = request.getPath();
    boolean people = isRestApi(path);
    if (people ? !LOG.isInfoEnabled() : !LOG.isDebugEnabled()) {
      return;
    }
    String line =
        request.getMethodName()
            + " "
            + printable(path)
            + " "
            + status
            + " "
            + millis(nanos)
            + " ms";
    if (people) {
      LOG.info(line);
    } else {
      LOG.debug(line);
    }
  }

  /** Whether the path is the REST API that users' clients call: under /api, not the gateway's. */
  static boolean isRestApi(String path) {
    if (!path.startsWith("/api/")) {
      return false;
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return !MACHINE_PATHS.contains(trimmed);
  }

  /** The path with control characters replaced, so that no path can forge a text log line. */
  static String printable(String path) {
    StringBuilder out = null;
    for (int i = 0; i < path.length(); i++) {
      if (Character.isISOControl(path.charAt(i))) {
        if (out == null) {
          out = new StringBuilder(path);
        }
        out.setCharAt(i, '?');
      }
    }
    return out == null ? path : out.toString();
  }

  private static String millis(long nanos) {
    return Long.toString(nanos / 1_000_000) + "." + (nanos / 100_000) % 10;
  }
}
