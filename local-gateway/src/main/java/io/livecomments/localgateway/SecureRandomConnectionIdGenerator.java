package io.livecomments.localgateway;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Ids shaped like API Gateway's ({@code L0SM9cOFvHcCIhw=}): standard base64 of 11 random bytes, so
 * that clients meet the same {@code =}, {@code +} and {@code /} they must URL-encode on AWS.
 */
@Singleton
@Requires(condition = LocalGatewayEnabledCondition.class)
public class SecureRandomConnectionIdGenerator implements ConnectionIdGenerator {

  private static final int RANDOM_BYTES = 11;

  private final SecureRandom random = new SecureRandom();

  @Override
  public String next() {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
