package io.livecomments.application.port.out.push;

/** What became of one push to one connection. */
public sealed interface PushOutcome {

  PushOutcome DELIVERED = new Delivered();
  PushOutcome GONE = new Gone();

  /** Whether trying again later may succeed. */
  default boolean retryable() {
    return false;
  }

  /** The gateway took the message for the connection. */
  record Delivered() implements PushOutcome {}

  /** The connection no longer exists (HTTP 410); it should be forgotten at once. */
  record Gone() implements PushOutcome {}

  /** The gateway asked us to slow down (HTTP 429). */
  record Throttled() implements PushOutcome {
    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** The gateway or the network failed (5xx, timeout, refused); it may work on a retry. */
  record Failed(String reason) implements PushOutcome {
    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** The gateway refused this message for good (too large, forbidden, bad request). */
  record Rejected(String reason) implements PushOutcome {}
}
