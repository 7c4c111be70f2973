package io.livecomments.domain;

/**
 * What a comment says: 1 to 2000 code points once trimmed. Kept exactly as written, untrimmed and
 * unescaped; escaping is the renderer's job.
 */
public record CommentContent(String value) {

  public static final int MAX_LENGTH = 2000;

  public CommentContent {
    value = Text.require("content", value, MAX_LENGTH);
  }
}
