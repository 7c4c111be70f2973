package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image Jib builds, as far as this machine can see it: no container registry is reachable here,
 * so verify builds bootstrap's Jib configuration on an empty base ({@code scratch}) into {@code
 * target/jib-image-check.tar} (the {@code image-check} execution in bootstrap/pom.xml), and this
 * reads that tarball. The Eclipse Temurin base itself is not checked here.
 */
class ContainerImageIT {

  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final Path TARBALL = Path.of("target", "jib-image-check.tar");

  private static Map<String, Object> config;
  private static Map<String, List<String>> layers;

  @BeforeAll
  static void readImage() throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(TARBALL))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        files.put(entry.getName(), tar.readAllBytes());
      }
    }
    List<Map<String, Object>> manifest =
        JSON.readValue(
            files.get("manifest.json"),
            Argument.listOf(Argument.mapOf(String.class, Object.class)));
    assertEquals(1, manifest.size());
    config =
        JSON.readValue(
            files.get((String) manifest.get(0).get("Config")),
            Argument.mapOf(String.class, Object.class));
    // Jib names each layer in the config's history, in the manifest's order.
    List<?> names = (List<?>) manifest.get(0).get("Layers");
    List<?> history = (List<?>) config.get("history");
    assertEquals(names.size(), history.size());
    layers = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String comment = (String) ((Map<?, ?>) history.get(i)).get("comment");
      layers.put(comment, entries(files.get((String) names.get(i))));
    }
  }

  @Test
  void theServiceStartsAsItsMainClassOnPort8080AsANonRootUser() {
    Map<String, Object> container = container();
    assertEquals(
        List.of("java", "-cp", "@/app/jib-classpath-file", "io.livecomments.Application"),
        container.get("Entrypoint"));
    assertEquals(Map.of("8080/tcp", Map.of()), container.get("ExposedPorts"));
    assertEquals("65532:65532", container.get("User"));
  }

  @Test
  void theHeapIsAShareOfTheContainersMemoryAndDataGoesWhereTheUserMayWrite() {
    List<?> environment = (List<?>) container().get("Env");
    assertTrue(
        environment.contains(
            "JAVA_TOOL_OPTIONS=-XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=75"
                + " -XX:+ExitOnOutOfMemoryError"),
        environment.toString());
    assertTrue(
        environment.contains("LIVECOMMENTS_DATA_DIR=/tmp/livecomments-data"),
        environment.toString());
  }

  @Test
  void dependenciesOurModulesResourcesAndClassesAreSeparateLayers() {
    // A code change rebuilds and pushes the small layers only; the 100+ MB of libraries stay.
    assertEquals(
        List.of("dependencies", "project dependencies", "resources", "classes", "jvm arg files"),
        List.copyOf(layers.keySet()));
    assertTrue(
        layers.get("dependencies").stream()
            .anyMatch(p -> p.matches("app/libs/micronaut-http-server-netty-[\\d.]+\\.jar")));
    assertTrue(
        layers.get("project dependencies").stream()
            .anyMatch(p -> p.matches("app/libs/domain-.*-SNAPSHOT\\.jar")),
        layers.get("project dependencies").toString());
    assertTrue(layers.get("classes").contains("app/classes/io/livecomments/Application.class"));
    assertTrue(layers.get("resources").contains("app/resources/application.yml"));
    assertTrue(layers.get("jvm arg files").contains("app/jib-classpath-file"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> container() {
    return (Map<String, Object>) config.get("config");
  }

  private static List<String> entries(byte[] gzippedTar) throws IOException {
    List<String> names = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzippedTar));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        if (!entry.isDirectory()) {
          names.add(entry.getName().replaceFirst("^/", ""));
        }
      }
    }
    return names;
  }
}
