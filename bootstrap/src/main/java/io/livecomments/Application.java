package io.livecomments;

import io.micronaut.runtime.Micronaut;

/** Starts LiveComments: {@code java -jar bootstrap/target/livecomments.jar}. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(Application.class).banner(false).start();
  }
}
