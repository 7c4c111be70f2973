package io.livecomments.infrastructure;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** One synthesis of the app with a given context, as {@code cdk synth -c ...} would do it. */
record Synthesis(StackSettings settings, Template template, Cfn cfn, CloudAssembly assembly) {

  /**
   * CDK's template validation reports problems (an invalid character in a description, say) as
   * warnings unless this flag is on; in tests they fail the synthesis.
   */
  static final String VALIDATE = "@aws-cdk/core:validateAgainstDefaultRules";

  static Synthesis of(Map<String, Object> context) {
    // CDK's Java library runs on jsii, a Node.js process: without Node the synthesis cannot start.
    // bash .ci/run installs Node, so CI always synthesizes; a machine with Java alone skips these
    // tests, and says why, rather than failing the README's test command.
    Assumptions.assumeTrue(
        nodeIsInstalled(),
        "Node.js is not on the PATH: CDK's jsii runtime needs it to synthesize the stack"
            + " (install Node.js 18 or newer; bash .ci/run does)");
    Map<String, Object> strict = new java.util.HashMap<>(context);
    strict.put(VALIDATE, true);
    App app = App.Builder.create().context(strict).build();
    StackSettings settings = StackSettings.from(key -> app.getNode().tryGetContext(key));
    LiveCommentsStack stack =
        new LiveCommentsStack(
            app,
            "LiveComments-" + settings.stage(),
            StackProps.builder().build(),
            settings,
            LiveCommentsApp.repositoryRoot(Path.of("").toAbsolutePath()));
    CloudAssembly assembly = app.synth();
    Template template = Template.fromStack(stack);
    return new Synthesis(settings, template, new Cfn(template), assembly);
  }

  private static boolean nodeIsInstalled() {
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      node.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return node.waitFor() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
