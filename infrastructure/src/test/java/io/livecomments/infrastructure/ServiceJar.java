package io.livecomments.infrastructure;

import static io.livecomments.infrastructure.Cfn.list;
import static io.livecomments.infrastructure.Cfn.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The service as the stack runs it: bootstrap's packaged {@code livecomments.jar} (the classes of
 * the image) in a process of its own, with the container's environment and secrets from the
 * synthesized task definition. Only what this machine cannot provide is replaced: the store ({@code
 * memory} for DynamoDB) and the Management API endpoint (a local one, at the stage callback URL's
 * path).
 *
 * <p>A process, not {@code ApplicationContext.run} in this JVM: in a reactor build past {@code
 * package}, Maven hands dependants bootstrap's shaded jar, which would put every class of the
 * service twice on this module's class path beside CDK's, and a second SLF4J provider (Logback)
 * beside this module's slf4j-simple, whose warning banner every CDK test would print.
 */
final class ServiceJar implements AutoCloseable {

  /** What the stack sets that cannot work here, and what stands in for it. */
  static final String STORE = "LIVECOMMENTS_STORE";

  static final String MANAGEMENT_ENDPOINT = "LIVECOMMENTS_APIGATEWAY_ENDPOINT";

  private final Process process;
  private final Path log;
  private final URI base;
  private final Map<String, String> environment;

  private ServiceJar(Process process, Path log, URI base, Map<String, String> environment) {
    this.process = process;
    this.log = log;
    this.base = base;
    this.environment = environment;
  }

  /**
   * Starts the jar with the environment and secrets of the template's one container, the store on
   * {@code memory} and the Management API at {@code managementApi}.
   */
  static ServiceJar start(Cfn cfn, TemplateValues values, RecordingManagementApi managementApi) {
    Path jar = packagedJar();
    Map<String, String> environment = containerEnvironment(cfn, values);
    for (String key : List.of(STORE, MANAGEMENT_ENDPOINT)) {
      if (!environment.containsKey(key)) {
        throw new AssertionError("the task sets no " + key + ": " + environment.keySet());
      }
    }
    environment.put(STORE, "memory");
    environment.put(
        MANAGEMENT_ENDPOINT,
        managementApi
            .endpoint(URI.create(environment.get(MANAGEMENT_ENDPOINT)).getPath())
            .toString());
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path home = Files.createTempDirectory("livecomments-replay");
      Path log = home.resolve("service.log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  jar.toString())
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("LIVECOMMENTS_"));
      builder.environment().put("HOME", home.toString());
      builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
      builder.environment().putAll(environment);
      ServiceJar service =
          new ServiceJar(builder.start(), log, URI.create("http://127.0.0.1:" + port), environment);
      service.awaitAnswering();
      return service;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI base() {
    return base;
  }

  /** The environment it was started with. */
  Map<String, String> environment() {
    return environment;
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /**
   * {@code bootstrap/target/livecomments.jar}, which the reactor builds before this module's tests
   * (the replay profile's dependency on bootstrap): refused when missing or older than the classes
   * of any module in it, as after {@code mvn test}, which stops before {@code package}.
   */
  /** Modules the reactor builds after bootstrap, whose classes are not in its jar. */
  private static final Set<String> BUILT_AFTER_THE_JAR =
      Set.of("lambda-broadcast", "infrastructure");

  private static Path packagedJar() {
    Path root = LiveCommentsApp.repositoryRoot(Path.of("").toAbsolutePath());
    Path jar = root.resolve("bootstrap/target/livecomments.jar");
    String rerun = ": run ./mvnw -pl infrastructure -am verify (or package), not test";
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing" + rerun);
    }
    try (Stream<Path> modules = Files.list(root)) {
      FileTime built = Files.getLastModifiedTime(jar);
      for (Path module :
          modules
              .filter(m -> Files.isRegularFile(m.resolve("pom.xml")))
              .filter(m -> !BUILT_AFTER_THE_JAR.contains(m.getFileName().toString()))
              .filter(m -> Files.isDirectory(m.resolve("target/classes")))
              .toList()) {
        try (Stream<Path> files = Files.walk(module.resolve("target/classes"))) {
          Path newer =
              files
                  .filter(Files::isRegularFile)
                  .filter(f -> modified(f).compareTo(built) > 0)
                  .findFirst()
                  .orElse(null);
          if (newer != null) {
            throw new AssertionError(jar + " is older than " + newer + rerun);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The container's environment and secrets, resolved as ECS would give them to the task. */
  private static Map<String, String> containerEnvironment(Cfn cfn, TemplateValues values) {
    List<Map<String, Object>> tasks =
        cfn.resources("AWS::ECS::TaskDefinition").values().stream().map(Cfn::props).toList();
    if (tasks.size() != 1) {
      throw new AssertionError("one task definition expected, found " + tasks.size());
    }
    List<Object> containers = list(tasks.get(0).get("ContainerDefinitions"));
    if (containers.size() != 1) {
      throw new AssertionError("one container expected, found " + containers.size());
    }
    Map<String, Object> container = map(containers.get(0));
    Map<String, String> environment = new LinkedHashMap<>();
    for (Object variable : list(container.getOrDefault("Environment", List.of()))) {
      environment.put((String) map(variable).get("Name"), values.text(map(variable).get("Value")));
    }
    for (Object secret : list(container.getOrDefault("Secrets", List.of()))) {
      environment.put(
          (String) map(secret).get("Name"),
          values.secretValue(values.text(map(secret).get("ValueFrom"))));
    }
    return environment;
  }

  private void awaitAnswering() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> answers(http));
    } catch (ConditionTimeoutException e) {
      close();
      throw new AssertionError("the service did not answer within 90 s:\n" + output(), e);
    }
  }

  private boolean answers(HttpClient http) throws InterruptedException {
    if (!process.isAlive()) {
      throw new AssertionError("the service exited with " + process.exitValue() + ":\n" + output());
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

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
