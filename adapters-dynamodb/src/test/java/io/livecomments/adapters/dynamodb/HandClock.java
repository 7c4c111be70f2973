package io.livecomments.adapters.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand. */
final class HandClock extends Clock {

  // Ahead of the real clock, so that DynamoDB Local's own TTL sweeper leaves the tests' items
  // alone.
  private volatile Instant now = Instant.parse("2100-03-01T12:00:00Z");

  void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
