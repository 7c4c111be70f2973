package io.livecomments.probe;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/** One anonymous JSON endpoint, shaped like {@code GET /api/v1/posts/{id}}'s answer. */
@Controller("/probe")
public class ProbeController {

  /** A small record, about the size of a post. */
  @Serdeable
  public record Greeting(String id, String title, String authorId, String createdAt) {}

  private static final Greeting GREETING =
      new Greeting(
          "6f1c2b8e-4c1d-4f7a-9a53-0d2e5b7c9f10", "Hello", "alice", "2026-11-29T22:00:00Z");

  @Get("/{id}")
  @Secured(SecurityRule.IS_ANONYMOUS)
  public Greeting get(String id) {
    return GREETING;
  }
}
