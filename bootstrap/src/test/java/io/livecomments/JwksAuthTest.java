package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.livecomments.Api.Reply;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code livecomments.auth.mode=jwks} against a JWKS document served over real HTTP from keys this
 * test generates: the path Firebase and any OIDC provider take in production.
 */
class JwksAuthTest {

  private static final String ISSUER = "https://issuer.test/livecomments";
  private static final String AUDIENCE = "livecomments-api";

  private static RSAKey rsa;
  private static ECKey ec;
  private static HttpServer jwksServer;
  private static final AtomicInteger jwksFetches = new AtomicInteger();
  private static EmbeddedServer server;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    byte[] jwks =
        new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwksServer.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          jwksFetches.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          exchange.getResponseBody().write(jwks);
          exchange.close();
        });
    jwksServer.start();
    String url = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/.well-known/jwks.json";
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "livecomments.auth.mode", "jwks",
                "livecomments.auth.jwks-url", url,
                "livecomments.auth.issuer", ISSUER,
                "livecomments.auth.audience", AUDIENCE,
                "livecomments.websocket.test-users", "ops-1, ops-2"));
    api = new Api(server.getURI());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (jwksServer != null) {
      jwksServer.stop(0);
    }
  }

  private static JWTClaimsSet.Builder claims(String subject) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .claim("email", subject + "@example.com")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
  }

  private static String sign(JWTClaimsSet claims, JWSAlgorithm alg, String kid, JWSSigner signer)
      throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static String rs256(JWTClaimsSet claims) throws Exception {
    return sign(claims, JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa));
  }

  private static Reply createPost(String token) {
    return api.post("/api/v1/posts", token, "{\"title\":\"t\"}");
  }

  @Test
  void anRs256TokenFromTheProviderIsAccepted() throws Exception {
    Reply created = createPost(rs256(claims("user-1").build()));
    assertEquals(201, created.status(), created.text());
    assertEquals("user-1", created.string("authorId"));
    assertTrue(jwksFetches.get() >= 1, "the key set was fetched over HTTP");
  }

  @Test
  void anEs256TokenFromTheProviderIsAccepted() throws Exception {
    String token = sign(claims("user-2").build(), JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec));
    String post = createPost(token).string("id");
    Reply comment = api.comment(post, token, "hello");
    assertEquals(201, comment.status(), comment.text());
    assertEquals("user-2@example.com", comment.string("username"));
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    Instant past = Instant.now().minus(Duration.ofHours(2));
    String token =
        rs256(
            claims("user-3")
                .issueTime(Date.from(past))
                .expirationTime(Date.from(past.plus(Duration.ofMinutes(5))))
                .build());
    Reply reply = createPost(token).assertProblem(401);
    assertTrue(reply.header("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
  }

  @Test
  void aTokenForAnotherIssuerOrAudienceIsRefused() throws Exception {
    createPost(rs256(claims("user-4").issuer("https://evil.test").build())).assertProblem(401);
    createPost(rs256(claims("user-4").audience("another-api").build())).assertProblem(401);
  }

  @Test
  void aTokenWithoutSubjectOrExpiryIsRefused() throws Exception {
    createPost(rs256(claims("user-5").subject(null).build())).assertProblem(401);
    createPost(rs256(claims("user-5").expirationTime(null).build())).assertProblem(401);
  }

  @Test
  void aTamperedTokenIsRefused() throws Exception {
    String[] parts = rs256(claims("user-6").build()).split("\\.");
    String forgedClaims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claims("admin").build().toString().getBytes(StandardCharsets.UTF_8));
    createPost(parts[0] + "." + forgedClaims + "." + parts[2]).assertProblem(401);
  }

  @Test
  void anUnsignedTokenIsRefused() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String body =
        b64.encodeToString(claims("user-7").build().toString().getBytes(StandardCharsets.UTF_8));
    createPost(header + "." + body + ".").assertProblem(401);
  }

  @Test
  void aTokenSignedWithTheProvidersPublicKeyAsHmacSecretIsRefused() throws Exception {
    byte[] publicKey = rsa.toPublicJWK().toRSAPublicKey().getEncoded();
    String token =
        sign(claims("user-8").build(), JWSAlgorithm.HS256, "rsa-1", new MACSigner(publicKey));
    createPost(token).assertProblem(401);
  }

  @Test
  void aTokenSignedByAnUnknownKeyIsRefused() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    String token =
        sign(claims("user-9").build(), JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(stranger));
    createPost(token).assertProblem(401);
  }

  @Test
  void outsideDevModeOnlyListedTestUsersMayMessageEveryone() throws Exception {
    api.post("/api/v1/websocket/test", rs256(claims("ordinary").build()), "{\"message\":\"hi\"}")
        .assertProblem(403);
    Reply sent =
        api.post("/api/v1/websocket/test", rs256(claims("ops-2").build()), "{\"message\":\"hi\"}");
    assertEquals(202, sent.status(), sent.text());
    assertTrue(sent.json().get("connectionCount") instanceof Number);
  }

  @Test
  void devTokensDoNotExistOutsideDevMode() {
    api.post("/api/v1/dev/tokens", null, "{\"userId\":\"x\"}").assertProblem(404);
  }
}
