package io.livecomments.logging;

import io.micronaut.core.annotation.Nullable;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The rule for {@code X-Request-Id}: a caller's id is kept when it is 1 to {@value #MAX_LENGTH}
 * printable ASCII characters (the rule of {@code Idempotency-Key}); anything else is replaced by a
 * new id, never echoed, so that a caller cannot put line breaks or megabytes into our logs.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  public static final int MAX_LENGTH = 128;

  private RequestIds() {}

  /** The caller's id when it is acceptable, else a new one. */
  public static String acceptOrGenerate(@Nullable String offered) {
    return isAcceptable(offered) ? offered : generate();
  }

  public static boolean isAcceptable(@Nullable String offered) {
    if (offered == null || offered.isEmpty() || offered.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < offered.length(); i++) {
      char c = offered.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /**
   * A random (version 4) UUID. Drawn from {@link ThreadLocalRandom} rather than {@link
   * UUID#randomUUID()}'s shared SecureRandom: a request id needs to be unique, not unguessable, and
   * every request makes one.
   */
  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
