package io.livecomments.config;

import io.livecomments.adapters.memory.InMemoryRateLimiter;
import io.livecomments.application.port.out.CommentEventPublisher;
import io.livecomments.application.port.out.RateLimiter;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The write limit and where comment events go. */
@Factory
public class PushFactory {

  @Singleton
  RateLimiter rateLimiter(
      @Property(name = "livecomments.rate-limit.comments-per-minute") int perMinute, Clock clock) {
    return new InMemoryRateLimiter(perMinute, clock);
  }

  @Singleton
  @Requires(property = AdapterSelection.BROADCAST, value = "none")
  CommentEventPublisher noBroadcast() {
    return CommentEventPublisher.none();
  }
}
