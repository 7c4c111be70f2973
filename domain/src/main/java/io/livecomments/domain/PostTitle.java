package io.livecomments.domain;

/** A post's title: 1 to 200 code points once trimmed, kept as written. */
public record PostTitle(String value) {

  public static final int MAX_LENGTH = 200;

  public PostTitle {
    value = Text.require("title", value, MAX_LENGTH);
  }
}
