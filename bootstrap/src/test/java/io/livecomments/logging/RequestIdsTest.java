package io.livecomments.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "abc-123",
        "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
        "with space and ~!@#$%^&*()[]{}",
      })
  void aCallersPrintableIdIsKeptAsItIs(String offered) {
    assertEquals(offered, RequestIds.acceptOrGenerate(offered));
  }

  @Test
  void anIdOf128CharactersIsKeptAndOneOf129IsReplaced() {
    String longest = "x".repeat(128);
    assertEquals(longest, RequestIds.acceptOrGenerate(longest));
    String tooLong = "x".repeat(129);
    String replaced = RequestIds.acceptOrGenerate(tooLong);
    assertNotEquals(tooLong, replaced);
    assertIsAUuid(replaced);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "line\nbreak", "tab\there", "nul\u0000", "del\u007f", "café", "日本"})
  void anEmptyOrNonPrintableIdIsReplacedNeverEchoed(String offered) {
    String replaced = RequestIds.acceptOrGenerate(offered);
    assertNotEquals(offered, replaced);
    assertIsAUuid(replaced);
  }

  @Test
  void withoutAnIdEachRequestGetsADifferentRandomUuid() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = RequestIds.acceptOrGenerate(null);
      assertIsAUuid(id);
      ids.add(id);
    }
    assertEquals(1000, ids.size());
  }

  private static void assertIsAUuid(String id) {
    UUID uuid = UUID.fromString(id);
    assertEquals(id, uuid.toString());
    assertEquals(4, uuid.version());
    assertEquals(2, uuid.variant());
    assertTrue(RequestIds.isAcceptable(id), "a generated id passes the rule itself");
  }
}
