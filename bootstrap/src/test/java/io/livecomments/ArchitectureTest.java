package io.livecomments;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The hexagon's rules, checked on the compiled classes of every module. ArchUnit's {@code
 * failOnEmptyShould} stays on, so a rule whose packages match nothing fails instead of passing.
 */
@AnalyzeClasses(packages = "io.livecomments", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule domainDependsOnlyOnTheJdk =
      classes()
          .that()
          .resideInAPackage("io.livecomments.domain..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("io.livecomments.domain..", "java..");

  @ArchTest
  static final ArchRule applicationDependsOnlyOnTheDomainAndTheJdk =
      classes()
          .that()
          .resideInAPackage("io.livecomments.application..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "io.livecomments.application..", "io.livecomments.domain..", "java..");

  @ArchTest
  static final ArchRule wireRecordsKnowNothingOfOursButTheDomain =
      noClasses()
          .that()
          .resideInAPackage("io.livecomments.wire..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.livecomments.application..",
              "io.livecomments.adapters..",
              "io.livecomments.config..",
              "io.livecomments.localgateway..")
          .as("the shared wire records depend on no module of ours but the domain");

  @ArchTest
  static final ArchRule adaptersNeverDependOnEachOther =
      slices()
          .matching("io.livecomments.adapters.(*)..")
          .should()
          .notDependOnEachOther()
          .as("adapters never depend on each other");

  @ArchTest
  static final ArchRule theCoreNeverDependsOnAdaptersOrWiring =
      noClasses()
          .that()
          .resideInAnyPackage("io.livecomments.domain..", "io.livecomments.application..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.livecomments.adapters..", "io.livecomments.config..");

  @ArchTest
  static final ArchRule adaptersUseTheCoreOnlyThroughPortsAndTheDomain =
      noClasses()
          .that()
          .resideInAPackage("io.livecomments.adapters..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.livecomments.application.service..")
          .as("adapters reach use cases through their ports, never the services");

  @ArchTest
  static final ArchRule theLocalGatewayIsAnEmulatorIndependentOfOurCode =
      noClasses()
          .that()
          .resideInAPackage("io.livecomments.localgateway..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.livecomments.domain..",
              "io.livecomments.application..",
              "io.livecomments.adapters..",
              "io.livecomments.config..")
          .as("the local gateway depends on no other module of ours");

  @ArchTest
  static final ArchRule nothingOfOursDependsOnTheLocalGateway =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.livecomments.domain..",
              "io.livecomments.application..",
              "io.livecomments.adapters..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.livecomments.localgateway..")
          .as("production adapters talk to the local gateway only over HTTP, like to API Gateway");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.livecomments.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule settingsAreBoundOnlyByConfigurationTypes =
      classes()
          .that()
          .areNotAnnotatedWith(ConfigurationProperties.class)
          .should(SettingsReadByHand.NOT_READ_LIVECOMMENTS_SETTINGS_BY_HAND)
          .as(
              "livecomments.* settings are bound once, by @ConfigurationProperties types, never"
                  + " injected with @Property or @Value");

  @ArchTest
  static final ArchRule noFieldInjection = GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

  @ArchTest
  static final ArchRule noJavaUtilLogging =
      GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

  @ArchTest
  static final ArchRule noStandardStreams =
      GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
