package io.livecomments.localgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The browser client this module serves to the demo page ({@code clients/js}) passes its own unit
 * tests, run by Node's test runner, so that {@code ./mvnw verify} covers it like the Java code. A
 * machine without Node.js skips them and says so ({@code bash .ci/run} installs Node).
 */
class BrowserClientUnitTest {

  private static final Path CLIENT = Path.of("..", "clients", "js").toAbsolutePath().normalize();

  @Test
  void theBrowserClientPassesItsUnitTests() throws Exception {
    Assumptions.assumeTrue(
        nodeRuns(),
        "Node.js is not on the PATH: the client's unit tests run on it (.ci/run installs it)");
    Path output = Files.createTempFile("client-unit-tests", ".log");
    Process tests =
        new ProcessBuilder("node", "--test", "--test-reporter=spec", "test/unit/")
            .directory(CLIENT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean finished = tests.waitFor(2, TimeUnit.MINUTES);
    if (!finished) {
      tests.destroyForcibly();
    }
    String report = Files.readString(output);
    System.out.println(report);
    assertEquals(0, finished ? tests.exitValue() : -1, report);
  }

  private static boolean nodeRuns() {
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      node.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return node.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
