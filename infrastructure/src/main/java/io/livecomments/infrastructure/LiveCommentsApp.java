package io.livecomments.infrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app that {@code cdk synth} / {@code cdk deploy} run (cdk.json, from this module's
 * folder). Account and region come from the CLI's credentials, as {@code CDK_DEFAULT_ACCOUNT} and
 * {@code CDK_DEFAULT_REGION}.
 */
public final class LiveCommentsApp {

  private LiveCommentsApp() {}

  public static void main(String[] args) {
    App app = new App();
    StackSettings settings = StackSettings.from(key -> app.getNode().tryGetContext(key));
    new LiveCommentsStack(
        app,
        "LiveComments-" + settings.stage(),
        StackProps.builder()
            .env(
                Environment.builder()
                    .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                    .region(System.getenv("CDK_DEFAULT_REGION"))
                    .build())
            .description("LiveComments: WebSocket API, HTTP API, ECS Fargate service, DynamoDB")
            .build(),
        settings,
        repositoryRoot(Path.of("").toAbsolutePath()));
    app.synth();
  }

  /**
   * The folder with the repository's Dockerfile, the image's build context when no {@code imageUri}
   * is given: the nearest folder at or above {@code start} that has one.
   */
  static Path repositoryRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("Dockerfile"))
          && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "No Dockerfile next to mvnw at or above " + start + ": run cdk from the repository");
  }
}
