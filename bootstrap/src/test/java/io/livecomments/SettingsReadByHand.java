package io.livecomments;

import com.tngtech.archunit.base.HasDescription;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import java.util.Optional;

/**
 * Finds {@code @Property(name = "livecomments.…")} and {@code @Value("${livecomments.…}")} on
 * fields, parameters and methods: the hand-read settings that the typed configuration replaces.
 */
final class SettingsReadByHand extends ArchCondition<JavaClass> {

  static final SettingsReadByHand NOT_READ_LIVECOMMENTS_SETTINGS_BY_HAND = new SettingsReadByHand();

  private static final String PREFIX = "livecomments.";

  private SettingsReadByHand() {
    super("not read livecomments.* settings with @Property or @Value");
  }

  @Override
  public void check(JavaClass javaClass, ConditionEvents events) {
    for (JavaField field : javaClass.getFields()) {
      report(field, field, events);
    }
    for (JavaCodeUnit unit : javaClass.getCodeUnits()) {
      report(unit, unit, events);
      for (JavaParameter parameter : unit.getParameters()) {
        report(parameter, unit, events);
      }
    }
  }

  private static <T extends HasAnnotations<?>> void report(
      T annotated, HasDescription where, ConditionEvents events) {
    for (JavaAnnotation<?> annotation : annotated.getAnnotations()) {
      settingReadBy(annotation)
          .ifPresent(
              setting ->
                  events.add(
                      SimpleConditionEvent.violated(
                          annotated, where.getDescription() + " reads " + setting + " by hand")));
    }
  }

  /** The setting the annotation injects, if it is one of ours. */
  private static Optional<String> settingReadBy(JavaAnnotation<?> annotation) {
    String attribute;
    if (annotation.getRawType().isEquivalentTo(Property.class)) {
      attribute = "name";
    } else if (annotation.getRawType().isEquivalentTo(Value.class)) {
      attribute = "value";
    } else {
      return Optional.empty();
    }
    return annotation
        .get(attribute)
        .map(Object::toString)
        .filter(setting -> setting.startsWith(PREFIX) || setting.contains("${" + PREFIX));
  }
}
