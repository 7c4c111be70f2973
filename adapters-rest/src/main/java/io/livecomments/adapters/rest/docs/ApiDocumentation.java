package io.livecomments.adapters.rest.docs;

import io.livecomments.adapters.rest.problem.Problem;
import io.micronaut.openapi.annotation.OpenAPIExtraSchema;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The parts of the OpenAPI document ({@code /openapi/livecomments.yml}) that belong to no one
 * controller: its title, the security schemes, the tags. The reusable problem responses and headers
 * that the controllers refer to by the constants below live in {@code src/main/openapi}, merged in
 * at compile time; the {@link Problem} schema they use is generated from the record.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "LiveComments",
            version = "1",
            description =
                "Comments on posts (a.k.a. notes) with real-time delivery through an AWS API"
                    + " Gateway WebSocket API. Reads are anonymous; writes need a bearer JWT. Every"
                    + " error is application/problem+json (RFC 9457). Every response carries"
                    + " X-Request-Id."),
    servers = @Server(url = "/", description = "This service"),
    tags = {
      @Tag(name = ApiDocumentation.POSTS, description = "Posts, which comments belong to"),
      @Tag(name = ApiDocumentation.COMMENTS, description = "Comments on any post"),
      @Tag(
          name = ApiDocumentation.NOTE_COMMENTS,
          description = "The same operations on posts by their other name, notes"),
      @Tag(
          name = ApiDocumentation.MY_NOTE_COMMENTS,
          description = "The same operations, only on notes the caller wrote (reads too)"),
      @Tag(
          name = ApiDocumentation.DEV_TOKENS,
          description = "Tokens for trying the service; only with livecomments.auth.mode=dev"),
      @Tag(
          name = ApiDocumentation.WEBSOCKET,
          description =
              "What API Gateway's WebSocket API calls on $connect, $disconnect and $default, and"
                  + " the WebSocket helpers"),
    })
@SecurityScheme(
    name = ApiDocumentation.BEARER,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description =
        "A JWT whose sub is the user id; email, else name, else sub is the username. In dev mode"
            + " POST /api/v1/dev/tokens issues one.")
@SecurityScheme(
    name = ApiDocumentation.INTEGRATION_SECRET,
    type = SecuritySchemeType.APIKEY,
    in = SecuritySchemeIn.HEADER,
    paramName = "X-Integration-Secret",
    description =
        "The value of livecomments.websocket.integration-secret, which API Gateway sends as a"
            + " static request header. Required only when that setting is set.")
@OpenAPIExtraSchema(classes = Problem.class)
public final class ApiDocumentation {

  public static final String BEARER = "bearer";
  public static final String INTEGRATION_SECRET = "integrationSecret";

  public static final String POSTS = "Posts";
  public static final String COMMENTS = "Comments";
  public static final String NOTE_COMMENTS = "Comments on notes";
  public static final String MY_NOTE_COMMENTS = "Comments on my notes";
  public static final String DEV_TOKENS = "Dev tokens";
  public static final String WEBSOCKET = "WebSocket";

  private static final String RESPONSES = "#/components/responses/";
  public static final String BAD_REQUEST = RESPONSES + "BadRequest";
  public static final String UNAUTHORIZED = RESPONSES + "Unauthorized";
  public static final String FORBIDDEN = RESPONSES + "Forbidden";
  public static final String NOT_FOUND = RESPONSES + "NotFound";
  public static final String IDEMPOTENCY_CONFLICT = RESPONSES + "IdempotencyConflict";
  public static final String BODY_TOO_LARGE = RESPONSES + "BodyTooLarge";
  public static final String UNSUPPORTED_MEDIA_TYPE = RESPONSES + "UnsupportedMediaType";
  public static final String RATE_LIMITED = RESPONSES + "RateLimited";
  public static final String UNAVAILABLE = RESPONSES + "Unavailable";
  public static final String CHANGES_EXPIRED = RESPONSES + "ChangesExpired";

  /** The response header every answer carries. */
  public static final String REQUEST_ID_HEADER = "#/components/headers/X-Request-Id";

  private ApiDocumentation() {}
}
