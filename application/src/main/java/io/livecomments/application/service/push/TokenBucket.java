package io.livecomments.application.service.push;

import java.util.function.LongSupplier;

/**
 * The push budget ({@code livecomments.push.max-rate}): how many pushes this instance may send to
 * the Management API per second, shared by first attempts and retries. It never blocks: {@link
 * #tryTake} says no, and {@link #nanosUntilAvailable} says when to ask again.
 *
 * <p>The limit is meant per one-second window at the gateway (API Gateway's callback quota counts
 * that way), not as an average. A bucket that holds a whole second's worth and refills at the full
 * rate would let up to twice the rate through one window (a full bucket, then a second of refill),
 * so this one holds a fiftieth of a second's worth and refills at 80% of the rate: no one-second
 * window of sends holds more than 82% of the rate. The rest is for the way between a token and the
 * gateway: the HTTP client's queue, a GC pause or a busy CPU can hold pushes back and let them
 * arrive bunched (measured: 6% over a 95% pace on a loaded 2-core machine), and the quota is
 * counted where they arrive. Below 50 pushes a second the bucket still holds one push, so the bound
 * is looser there.
 */
public final class TokenBucket {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final TokenBucket UNLIMITED = new TokenBucket();

  private final LongSupplier nanoTime;
  private final double capacity;
  private final double tokensPerNano;
  private final boolean unlimited;
  private double tokens;
  private long refilledAt;

  private TokenBucket() {
    this.nanoTime = () -> 0L;
    this.capacity = 0;
    this.tokensPerNano = 0;
    this.unlimited = true;
  }

  /**
   * @param perSecond the most pushes in any one second; positive
   * @param nanoTime a monotonic clock, {@link System#nanoTime} but in tests
   */
  public TokenBucket(double perSecond, LongSupplier nanoTime) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("perSecond must be positive, got " + perSecond);
    }
    this.nanoTime = nanoTime;
    this.capacity = Math.max(1, perSecond / 50);
    this.tokensPerNano = perSecond * 0.8 / NANOS_PER_SECOND;
    this.unlimited = false;
    this.tokens = capacity;
    this.refilledAt = nanoTime.getAsLong();
  }

  /** No budget: every push may go. */
  public static TokenBucket unlimited() {
    return UNLIMITED;
  }

  /**
   * The budget for {@code livecomments.push.max-rate}: unlimited for 0, else {@code perSecond}.
   *
   * @throws IllegalArgumentException for a negative rate
   */
  public static TokenBucket perSecond(double perSecond, LongSupplier nanoTime) {
    if (perSecond < 0 || Double.isNaN(perSecond)) {
      throw new IllegalArgumentException(
          "livecomments.push.max-rate must be 0 (no limit) or positive, got " + perSecond);
    }
    return perSecond == 0 ? UNLIMITED : new TokenBucket(perSecond, nanoTime);
  }

  public boolean isUnlimited() {
    return unlimited;
  }

  /** Takes one push from the budget if there is one. */
  public boolean tryTake() {
    // Unlimited is the default: every drainer asks for every push, so it must not take a lock.
    return unlimited || take();
  }

  private synchronized boolean take() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Whether {@link #tryTake} would succeed now, without taking anything. */
  public boolean available() {
    return unlimited || hasToken();
  }

  private synchronized boolean hasToken() {
    refill();
    return tokens >= 1;
  }

  /** How long until one push is available; 0 if one is now. */
  public synchronized long nanosUntilAvailable() {
    if (unlimited) {
      return 0;
    }
    refill();
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    long elapsed = now - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
      refilledAt = now;
    }
  }
}
