package io.livecomments.adapters.rest;

import io.livecomments.adapters.rest.api.Bodies;
import io.livecomments.adapters.rest.auth.DevTokenIssuer;
import io.livecomments.domain.UserId;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /api/v1/dev/tokens}: signs a one-hour token for anyone; exists only in dev mode. */
@Controller("/api/v1/dev/tokens")
@Requires(property = "livecomments.auth.mode", value = "dev", defaultValue = "dev")
@Secured(SecurityRule.IS_ANONYMOUS)
public class DevTokenController {

  private final DevTokenIssuer issuer;

  public DevTokenController(DevTokenIssuer issuer) {
    this.issuer = issuer;
  }

  @Post
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
  public record DevTokenRequest(@Nullable Object userId, @Nullable Object username) {}

  @Serdeable
  public record DevToken(String token) {}
}
