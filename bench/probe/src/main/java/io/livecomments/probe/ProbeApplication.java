package io.livecomments.probe;

import io.micronaut.runtime.Micronaut;

/** A bare Micronaut app: the most a JSON endpoint on this stack can serve, for comparison. */
public class ProbeApplication {

  public static void main(String[] args) {
    Micronaut.run(ProbeApplication.class, args);
  }
}
