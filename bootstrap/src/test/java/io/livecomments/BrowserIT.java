package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo page and the browser client of {@code clients/js} in a real browser against the packaged
 * jar: {@code clients/js/test/browser/demo.test.mjs}, Chromium driven by playwright-core. Two jars:
 * the one under test lets a page of a second origin in, the other lists another origin, so that the
 * browser's own CORS check refuses that page.
 *
 * <p>It needs Node.js, Debian's {@code chromium} (or {@code CHROMIUM} naming a Chromium) and {@code
 * npm ci} in {@code clients/js}; {@code bash .ci/run} installs all three, so CI always runs it, and
 * a machine without them skips it and says what is missing. The screenshot is written to {@code
 * target/browser/demo.png}.
 */
class BrowserIT {

  private static final Path CLIENT = Path.of("..", "clients", "js").toAbsolutePath().normalize();
  private static final Path SCREENSHOT = Path.of("target", "browser", "demo.png").toAbsolutePath();

  /**
   * Set by {@code .ci/run}: there a missing prerequisite fails the test rather than skipping it, so
   * that CI cannot go green without the browser test.
   */
  private static final boolean REQUIRED =
      System.getenv("LIVECOMMENTS_REQUIRE_BROWSER_TEST") != null;

  private static void require(boolean met, String missing) {
    if (REQUIRED) {
      assertTrue(met, missing + " (LIVECOMMENTS_REQUIRE_BROWSER_TEST is set)");
    } else {
      Assumptions.assumeTrue(met, missing);
    }
  }

  @Test
  void theDemoAndTheClientWorkInARealBrowser(@TempDir Path a, @TempDir Path b) throws Exception {
    Path chromium = chromium();
    require(
        runs("node", "--version"),
        "Node.js is not on the PATH: the browser test runs on it (bash .ci/run installs it)");
    require(
        Files.isExecutable(chromium),
        chromium + " is missing: install Debian's chromium or set CHROMIUM (bash .ci/run does)");
    require(
        Files.isDirectory(CLIENT.resolve("node_modules").resolve("playwright-core")),
        "playwright-core is not installed: run npm ci in clients/js (bash .ci/run does)");

    int secondOrigin = freePort();
    try (PackagedJar underTest =
            PackagedJar.start(
                a,
                Map.of("LIVECOMMENTS_CORS_ALLOWED_ORIGINS", "http://127.0.0.1:" + secondOrigin));
        PackagedJar refusing =
            PackagedJar.start(
                b,
                Map.of(
                    "LIVECOMMENTS_STORE", "memory",
                    "LIVECOMMENTS_CORS_ALLOWED_ORIGINS", "https://blog.example.com"))) {
      // As a load balancer would: no user before readiness, which waits for the push warm-up;
      // the other jar's too, so that its warm-up does not share the cores with the timed part.
      awaitReadiness(underTest);
      awaitReadiness(refusing);
      Files.deleteIfExists(SCREENSHOT);
      Path output = Files.createTempFile("browser-test", ".log");
      ProcessBuilder test =
          new ProcessBuilder("node", "--test", "--test-reporter=spec", "test/browser/")
              .directory(CLIENT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      test.environment()
          .putAll(
              Map.of(
                  "LIVECOMMENTS_URL", underTest.base().toString(),
                  "LIVECOMMENTS_REFUSING_URL", refusing.base().toString(),
                  "SECOND_ORIGIN_PORT", Integer.toString(secondOrigin),
                  "CHROMIUM", chromium.toString(),
                  "SCREENSHOT", SCREENSHOT.toString()));
      Process process = test.start();
      boolean finished = process.waitFor(4, TimeUnit.MINUTES);
      if (!finished) {
        process.destroyForcibly();
      }
      String report = Files.readString(output);
      System.out.println(report);
      assertEquals(
          0,
          finished ? process.exitValue() : -1,
          () -> report + "\n--- the jar under test ---\n" + underTest.output());
    }
  }

  private static void awaitReadiness(PackagedJar jar) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest readiness = HttpRequest.newBuilder(jar.base().resolve("/health/readiness")).build();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }

  private static Path chromium() {
    return Optional.ofNullable(System.getenv("CHROMIUM"))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .orElse(Path.of("/usr/bin/chromium"));
  }

  private static boolean runs(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return process.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
