package io.livecomments.infrastructure;

import java.nio.file.Path;
import java.util.Map;
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
}
