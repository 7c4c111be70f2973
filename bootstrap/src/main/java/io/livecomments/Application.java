package io.livecomments;

import io.livecomments.config.GracefulShutdown;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Starts LiveComments: {@code java -jar bootstrap/target/livecomments.jar}. */
public final class Application {

  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private Application() {}

  public static void main(String[] args) {
    ApplicationContext context =
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    stopGracefullyOn("TERM", context);
    stopGracefullyOn("INT", context);
  }

  /**
   * Micronaut's own shutdown hook stops the server's event loops first, which would cut off queued
   * pushes and drop sockets without a close frame; so the signal drains first, then exits normally,
   * and the hook stops what is left.
   */
  private static void stopGracefullyOn(String signal, ApplicationContext context) {
    try {
      Signal.handle(
          new Signal(signal),
          received -> {
            context.findBean(GracefulShutdown.class).ifPresent(GracefulShutdown::drain);
            System.exit(0);
          });
    } catch (IllegalArgumentException e) {
      // The JVM keeps the signal to itself (-Xrs); the stop is then immediate, as before.
      LOG.info("SIG{} stops the service without draining: {}", signal, e.getMessage());
    }
  }
}
