package io.livecomments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged {@code livecomments.jar}, started the way a user starts it: {@code java -jar} with
 * no configuration, in a folder of its own, with an empty {@code HOME}.
 */
final class PackagedJar implements AutoCloseable {

  private static final Path JAR = Path.of("target", "livecomments.jar").toAbsolutePath();

  private final Process process;
  private final Path log;
  private final URI base;

  private PackagedJar(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /** Starts the jar in {@code folder} and waits until it answers HTTP. */
  static PackagedJar start(Path folder) {
    return start(folder, Map.of());
  }

  /** Starts the jar with these environment variables beside a clean environment. */
  static PackagedJar start(Path folder, Map<String, String> environment) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the package phase first");
    }
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path log = Files.createTempFile("livecomments-jar", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  JAR.toString())
              .directory(folder.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("LIVECOMMENTS_"));
      builder.environment().put("HOME", folder.toString());
      builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
      builder.environment().putAll(environment);
      PackagedJar jar =
          new PackagedJar(builder.start(), log, URI.create("http://127.0.0.1:" + port));
      jar.awaitReady();
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI base() {
    return base;
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> answers(http));
    } catch (ConditionTimeoutException e) {
      close();
      throw new AssertionError("the jar did not answer within 90 s:\n" + output(), e);
    }
  }

  private boolean answers(HttpClient http) throws InterruptedException {
    if (!process.isAlive()) {
      throw new AssertionError("the jar exited with " + process.exitValue() + ":\n" + output());
    }
    try {
      return http.send(
                  HttpRequest.newBuilder(base.resolve("/api/v1/websocket/connections")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /**
   * Sends SIGTERM and waits up to {@code limit} for the exit.
   *
   * @return the exit code
   */
  int terminate(Duration limit) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "the jar did not stop within " + limit + " of SIGTERM:\n" + output());
    }
    return process.exitValue();
  }

  /** SIGTERM, as a container runtime or systemd stops it, then waits for the exit. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the jar did not stop within 30 s of SIGTERM:\n" + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
