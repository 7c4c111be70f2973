package io.livecomments.adapters.rest.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Signs the HS256 tokens of {@code auth.mode=dev}, valid for one hour. */
public final class DevTokenIssuer {

  public static final String ISSUER = "livecomments-dev";
  public static final String AUDIENCE = "livecomments";
  public static final Duration LIFETIME = Duration.ofHours(1);

  private final MACSigner signer;
  private final Clock clock;

  public DevTokenIssuer(byte[] secret, Clock clock) {
    try {
      this.signer = new MACSigner(secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("The dev token secret must be at least 32 bytes", e);
    }
    this.clock = clock;
  }

  public String issue(String userId, String username) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(userId)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(LIFETIME)));
    if (username != null && !username.isBlank()) {
      claims.claim(username.contains("@") ? "email" : "name", username);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign a dev token", e);
    }
    return jwt.serialize();
  }
}
