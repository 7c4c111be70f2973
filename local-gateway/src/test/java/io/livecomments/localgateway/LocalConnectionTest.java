package io.livecomments.localgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.websocket.CloseReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The expiry rules, with instants given rather than waited for. */
class LocalConnectionTest {

  private static final Instant CONNECTED = Instant.parse("2024-05-01T10:00:00Z");
  private static final Duration IDLE = Duration.ofMinutes(10);
  private static final Duration LIFETIME = Duration.ofHours(2);
  private static final Duration OPEN = Duration.ofSeconds(10);

  private final LocalConnection connection =
      new LocalConnection("L0SM9cOFvHcCIhw=", CONNECTED, new Identity("127.0.0.1", "test"));

  @Test
  void anOpenConnectionExpiresAfterTenIdleMinutesAndClientFramesKeepItAlive() {
    connection.approve(CONNECTED);
    connection.open(null);

    assertEquals(Optional.empty(), expiryAt(CONNECTED.plus(IDLE)));
    assertEquals(Optional.of(CloseReason.GOING_AWAY), expiryAt(CONNECTED.plus(IDLE).plusMillis(1)));

    connection.touch(CONNECTED.plus(Duration.ofMinutes(9)));
    assertEquals(Optional.empty(), expiryAt(CONNECTED.plus(Duration.ofMinutes(15))));
  }

  @Test
  void everyConnectionExpiresAfterTwoHoursHoweverActive() {
    connection.approve(CONNECTED);
    connection.open(null);
    connection.touch(CONNECTED.plus(LIFETIME));

    assertEquals(
        Optional.of(CloseReason.GOING_AWAY), expiryAt(CONNECTED.plus(LIFETIME).plusMillis(1)));
  }

  @Test
  void anApprovedConnectionThatNeverOpensExpiresAfterTheOpenTimeout() {
    Instant approved = CONNECTED.plusSeconds(2);
    connection.approve(approved);

    assertEquals(Optional.empty(), expiryAt(approved.plus(OPEN)));
    assertTrue(expiryAt(approved.plus(OPEN).plusMillis(1)).isPresent());
  }

  @Test
  void aConnectionStillAskingTheIntegrationIsLeftToTheHandshake() {
    assertEquals(Optional.empty(), expiryAt(CONNECTED.plus(IDLE).plusSeconds(1)));
  }

  @Test
  void aDroppedConnectionCannotBeApprovedOrOpened() {
    connection.markClosed();

    assertFalse(connection.approve(CONNECTED));
    assertFalse(connection.open(null));
    assertTrue(connection.send("late").isCompletedExceptionally());
  }

  @Test
  void generatedIdsAreSixteenCharactersOfBase64FromElevenBytes() {
    SecureRandomConnectionIdGenerator ids = new SecureRandomConnectionIdGenerator();
    Set<String> seen = new HashSet<>();
    IntStream.range(0, 1000)
        .forEach(
            i -> {
              String id = ids.next();
              assertEquals(16, id.length(), id);
              assertEquals(11, Base64.getDecoder().decode(id).length, id);
              seen.add(id);
            });
    assertEquals(1000, seen.size());
  }

  private Optional<CloseReason> expiryAt(Instant now) {
    return connection.expiry(now, IDLE, LIFETIME, OPEN);
  }
}
