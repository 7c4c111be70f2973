package io.livecomments;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole REST suite against the packaged jar, started once per class in an empty folder with the
 * environment the subclass gives. Runs in the integration-test phase, after the jar is built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PackagedJarRestSuite extends RestApiTest {

  protected Path folder;
  private PackagedJar jar;

  /** The settings, as environment variables, on top of none at all. */
  protected abstract Map<String, String> environment();

  @BeforeAll
  void startTheJar() throws IOException {
    folder = Files.createTempDirectory("livecomments-it");
    jar = PackagedJar.start(folder, environment());
  }

  @AfterAll
  void stopTheJar() {
    jar.close();
  }

  @Override
  protected URI base() {
    return jar.base();
  }
}
