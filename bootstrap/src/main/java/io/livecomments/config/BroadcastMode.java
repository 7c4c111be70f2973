package io.livecomments.config;

/** {@code livecomments.broadcast}: how pushes reach WebSocket clients. */
public enum BroadcastMode {
  /** Each connection through the API Gateway Management API (or the local gateway's). */
  APIGATEWAY,
  /** Each message once to an HTTP broadcast bridge, which fans it out. */
  HTTP_BRIDGE,
  /** No pushes at all: a REST-only deployment. */
  NONE;

  public static final String PROPERTY = "livecomments.broadcast";
}
