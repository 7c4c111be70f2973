package io.livecomments.lambda.broadcast;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;

/**
 * The bridge's place in the hexagon. bootstrap's {@code ArchitectureTest} sees only bootstrap's
 * classpath, which the Lambda is not on (and must not be: its beans would join the service's), so
 * the rules that concern this module are checked here, on the classes of every module it bundles.
 */
@AnalyzeClasses(packages = "io.livecomments", importOptions = ImportOption.DoNotIncludeTests.class)
class BridgeArchitectureTest {

  @ArchTest
  static final ArchRule nothingOfTheServiceDependsOnTheBridge =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.livecomments.domain..",
              "io.livecomments.application..",
              "io.livecomments.adapters..",
              "io.livecomments.wire..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.livecomments.lambda..")
          .as("the bridge is a composition root: nothing of the service depends on it");

  @ArchTest
  static final ArchRule theBridgeReadsNoSettingByHand =
      noClasses()
          .that()
          .resideInAPackage("io.livecomments.lambda..")
          .should()
          .dependOnClassesThat()
          .belongToAnyOf(Value.class, Property.class)
          .as(
              "the bridge's settings are bound by @ConfigurationProperties types, as the service's");

  @ArchTest
  static final ArchRule noFieldInjection = GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

  @ArchTest
  static final ArchRule noStandardStreams =
      GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

  @ArchTest
  static final ArchRule noJavaUtilLogging =
      GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
}
