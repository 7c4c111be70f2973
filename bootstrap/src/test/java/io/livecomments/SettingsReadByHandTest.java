package io.livecomments;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import org.junit.jupiter.api.Test;

/** The architecture rule against hand-read settings finds them, so its passing means something. */
class SettingsReadByHandTest {

  static class ReadsAStoreByHand {
    ReadsAStoreByHand(@Property(name = "livecomments.store") String store) {}
  }

  static class ReadsAPrefixByValue {
    @Value("${livecomments.dynamodb.table-prefix}")
    String prefix;
  }

  static class ReadsMicronautsOwnSetting {
    ReadsMicronautsOwnSetting(@Property(name = "micronaut.server.port") int port) {}
  }

  private static EvaluationResult evaluate(Class<?> type) {
    JavaClasses imported = new ClassFileImporter().importClasses(type);
    return classes()
        .should(SettingsReadByHand.NOT_READ_LIVECOMMENTS_SETTINGS_BY_HAND)
        .evaluate(imported);
  }

  @Test
  void aConstructorParameterReadingALivecommentsSettingIsAViolation() {
    EvaluationResult result = evaluate(ReadsAStoreByHand.class);
    assertTrue(result.hasViolation());
    assertTrue(result.getFailureReport().toString().contains("livecomments.store"));
  }

  @Test
  void aFieldWithValueOfALivecommentsSettingIsAViolation() {
    assertTrue(evaluate(ReadsAPrefixByValue.class).hasViolation());
  }

  @Test
  void othersSettingsAreNotOurConcern() {
    assertFalse(evaluate(ReadsMicronautsOwnSetting.class).hasViolation());
  }
}
