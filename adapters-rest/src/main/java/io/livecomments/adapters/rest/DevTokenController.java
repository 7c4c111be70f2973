package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.api.Bodies;
import io.livecomments.adapters.rest.auth.DevTokenIssuer;
import io.livecomments.adapters.rest.docs.ApiDocumentation;
import io.livecomments.adapters.rest.docs.RequestIdHeader;
import io.livecomments.domain.UserId;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code POST /api/v1/dev/tokens}: signs a one-hour token for anyone; exists only in dev mode. */
@Controller("/api/v1/dev/tokens")
@Requires(property = "livecomments.auth.mode", value = "dev", defaultValue = "dev")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = ApiDocumentation.DEV_TOKENS)
public class DevTokenController {

  private final DevTokenIssuer issuer;

  public DevTokenController(DevTokenIssuer issuer) {
    this.issuer = issuer;
  }

  @Post
  @Operation(
      operationId = "issueDevToken",
      summary = "Get a token for any user (dev mode only)",
      description =
          "Signs a one-hour token for the user named. Exists only when livecomments.auth.mode is"
              + " dev (the default); in other modes this path answers 404.")
  @RequestIdHeader
  @ApiResponse(
      responseCode = "200",
      description = "The token",
      useReturnTypeSchema = true,
      headers = @Header(name = "X-Request-Id", ref = ApiDocumentation.REQUEST_ID_HEADER))
  @ApiResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
  @ApiResponse(responseCode = "415", ref = ApiDocumentation.UNSUPPORTED_MEDIA_TYPE)
  public DevToken issue(@Nullable @Body DevTokenRequest body) {
    UserId userId = new UserId(Bodies.string("userId", body == null ? null : body.userId()));
    Object username = body.username();
    if (username != null && !(username instanceof String)) {
      Bodies.string("username", username);
    }
    return new DevToken(issuer.issue(userId.value(), (String) username));
  }

  /** Typed as {@code Object} so that non-strings are refused rather than coerced. */
  @Serdeable
  @Schema(name = "DevTokenRequest", description = "Whom the token is for")
  public record DevTokenRequest(
      @Schema(
              type = "string",
              description = "The user id (the token's sub), 1 to 128 printable characters",
              requiredMode = Schema.RequiredMode.REQUIRED,
              example = "alice")
          @Nullable
          Object userId,
      @Schema(
              type = "string",
              description = "The username (the token's email claim); the user id if absent",
              example = "alice@example.com")
          @Nullable
          Object username) {}

  @Serdeable
  @Schema(name = "DevToken", description = "A signed token, valid for one hour")
  public record DevToken(@Schema(description = "The JWT") String token) {}
}
