package io.livecomments.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueObjectsTest {

  @Test
  void contentIsKeptExactlyAsWritten() {
    String text = "  <script>alert('x')</script>\r\n\t& more 😀  ";
    assertEquals(text, new CommentContent(text).value());
  }

  @Test
  void contentLengthCountsCodePointsAfterTrimming() {
    String emojis = "😀".repeat(2000);
    assertEquals(emojis, new CommentContent("   " + emojis + "\n").value().strip());
    InvalidValueException tooLong =
        assertThrows(InvalidValueException.class, () -> new CommentContent("a".repeat(2001)));
    assertEquals("content", tooLong.field());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n\t\r", "a\u0000b", "bell\u0007", "esc\u001b[31m"})
  void blankContentOrControlCharactersAreRefused(String text) {
    assertThrows(InvalidValueException.class, () -> new CommentContent(text));
  }

  @Test
  void brokenSurrogatePairsAreRefused() {
    assertThrows(InvalidValueException.class, () -> new CommentContent("x\uD83D"));
    assertThrows(InvalidValueException.class, () -> new CommentContent("\uDE00x"));
  }

  @Test
  void missingContentIsRefusedWithTheFieldName() {
    assertEquals(
        "content",
        assertThrows(InvalidValueException.class, () -> new CommentContent(null)).field());
  }

  @Test
  void titlesHoldOneToTwoHundredCharacters() {
    assertEquals("t".repeat(200), new PostTitle("t".repeat(200)).value());
    assertEquals(
        "title",
        assertThrows(InvalidValueException.class, () -> new PostTitle("t".repeat(201))).field());
    assertThrows(InvalidValueException.class, () -> new PostTitle(" "));
  }

  @Test
  void idsAreCanonicalLowerCaseUuids() {
    assertEquals(
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        new PostId("0F8FAD5B-D9CB-469F-A165-70867728950E").value());
    assertThrows(InvalidValueException.class, () -> new PostId("1-1-1-1-1"));
    assertThrows(InvalidValueException.class, () -> new CommentId("../../etc/passwd"));
    assertThrows(InvalidValueException.class, () -> new CommentId(null));
  }

  @Test
  void idempotencyKeysArePrintableAsciiUpTo128Characters() {
    assertEquals("k".repeat(128), new IdempotencyKey("k".repeat(128)).value());
    assertThrows(InvalidValueException.class, () -> new IdempotencyKey(""));
    assertThrows(InvalidValueException.class, () -> new IdempotencyKey("k".repeat(129)));
    assertThrows(InvalidValueException.class, () -> new IdempotencyKey("ké"));
  }

  @Test
  void anAuthorWithoutANameIsShownByUserId() {
    assertEquals("u1", new Author(new UserId("u1"), null).username());
    assertEquals("u1", new Author(new UserId("u1"), " ").username());
  }
}
