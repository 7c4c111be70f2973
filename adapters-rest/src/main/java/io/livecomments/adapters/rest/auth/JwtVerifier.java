package io.livecomments.adapters.rest.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a JWT's signature against a key source, only for the algorithms given (so {@code alg:
 * none} and algorithm swaps fail), then its issuer, audience, expiry and subject.
 */
public final class JwtVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);

  private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final boolean remoteKeys;

  /**
   * @param remoteKeys whether the key source may fetch over the network, in which case callers
   *     verify off the event loop
   */
  public JwtVerifier(
      JWKSource<SecurityContext> keys,
      Set<JWSAlgorithm> algorithms,
      String issuer,
      String audience,
      boolean remoteKeys) {
    this.remoteKeys = remoteKeys;
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            audience,
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "exp", "iat")));
  }

  public boolean usesRemoteKeys() {
    return remoteKeys;
  }

  /** The caller, or empty if the token is malformed, forged, expired or meant for someone else. */
  public Optional<VerifiedUser> verify(String token) {
    try {
      JWTClaimsSet claims = processor.process(token, null);
      String subject = claims.getSubject();
      if (subject == null || subject.isBlank()) {
        return Optional.empty();
      }
      return Optional.of(new VerifiedUser(subject, username(claims, subject)));
    } catch (ParseException | BadJOSEException | JOSEException e) {
      LOG.debug("Rejected a bearer token: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** The contract's display name: {@code email}, else {@code name}, else {@code sub}. */
  private static String username(JWTClaimsSet claims, String subject) throws ParseException {
    for (String claim : new String[] {"email", "name"}) {
      String value = claims.getStringClaim(claim);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return subject;
  }
}
