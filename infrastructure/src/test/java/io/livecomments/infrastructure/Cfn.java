package io.livecomments.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.assertions.Template;

/** Reading a synthesized template in tests: resources by type and property, values as text. */
final class Cfn {

  private final Map<String, Object> json;

  @SuppressWarnings("unchecked")
  Cfn(Template template) {
    this.json = (Map<String, Object>) (Map<?, ?>) template.toJSON();
  }

  Map<String, Object> json() {
    return json;
  }

  /** Logical id → resource, for every resource of the type. */
  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> resources(String type) {
    Map<String, Object> all = (Map<String, Object>) json.get("Resources");
    return all.entrySet().stream()
        .filter(e -> type.equals(((Map<String, Object>) e.getValue()).get("Type")))
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> (Map<String, Object>) e.getValue(),
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> resource(String logicalId) {
    Map<String, Object> resource =
        (Map<String, Object>) ((Map<String, Object>) json.get("Resources")).get(logicalId);
    assertNotNull(resource, "no resource " + logicalId);
    return resource;
  }

  /** The one resource of the type whose property has the value. */
  Map.Entry<String, Map<String, Object>> only(String type, String property, Object value) {
    List<Map.Entry<String, Map<String, Object>>> found =
        resources(type).entrySet().stream()
            .filter(e -> value.equals(props(e.getValue()).get(property)))
            .toList();
    assertEquals(1, found.size(), type + " with " + property + "=" + value + ": " + found);
    return found.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> props(Map<String, Object> resource) {
    return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  /**
   * A template value as readable text: literals as they are, {@code {Ref:X}}, {@code
   * {GetAtt:X.Attr}}, {@code Fn::Join} joined, anything else as {@code {Fn::Name:...}}.
   */
  @SuppressWarnings("unchecked")
  static String text(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof List<?> items) {
      return items.stream().map(Cfn::text).collect(Collectors.joining(",", "[", "]"));
    }
    Map<String, Object> intrinsic = (Map<String, Object>) value;
    if (intrinsic.size() == 1) {
      Map.Entry<String, Object> only = intrinsic.entrySet().iterator().next();
      switch (only.getKey()) {
        case "Ref":
          return "{Ref:" + only.getValue() + "}";
        case "Fn::GetAtt":
          return "{GetAtt:"
              + ((List<Object>) only.getValue())
                  .stream().map(Object::toString).collect(Collectors.joining("."))
              + "}";
        case "Fn::Join":
          List<Object> join = (List<Object>) only.getValue();
          return ((List<Object>) join.get(1))
              .stream().map(Cfn::text).collect(Collectors.joining((String) join.get(0)));
        default:
          return "{" + only.getKey() + ":" + text(only.getValue()) + "}";
      }
    }
    return value.toString();
  }
}
