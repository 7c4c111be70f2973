package io.livecomments.infrastructure;

import static io.livecomments.infrastructure.Cfn.list;
import static io.livecomments.infrastructure.Cfn.map;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A template's values as CloudFormation would resolve them in a sample account, so that a test can
 * act on them: {@code Ref} and {@code Fn::GetAtt} become sample values, {@code Fn::Join} joins, and
 * {@code {{resolve:secretsmanager:...}}} dynamic references become the test's value of that secret.
 * Anything else fails, so that a template a test does not understand is never half-read.
 */
final class TemplateValues {

  static final String REGION = "eu-west-1";
  static final String ACCOUNT = "123456789012";

  private static final Pattern SECRET_REFERENCE =
      Pattern.compile("\\{\\{resolve:secretsmanager:(?<id>.+?):SecretString:(?<rest>[^}]*)}}");
  private static final Pattern ANY_REFERENCE = Pattern.compile("\\{\\{resolve:[^}]*}}");

  private final Cfn cfn;
  private final Map<String, String> secrets;

  /**
   * @param secrets the test's value of each {@code AWS::SecretsManager::Secret}, by logical id
   */
  TemplateValues(Cfn cfn, Map<String, String> secrets) {
    this.cfn = cfn;
    this.secrets = Map.copyOf(secrets);
    for (String id : cfn.resources("AWS::SecretsManager::Secret").keySet()) {
      if (!secrets.containsKey(id)) {
        throw new AssertionError("no test value for the template's secret " + id);
      }
    }
  }

  /** The value as text, with every intrinsic and dynamic reference resolved. */
  String text(Object value) {
    return dynamicReferences(joined(value));
  }

  /** What a {@code Ref} to this secret gives: its ARN, which dynamic references name it by. */
  static String secretArn(String logicalId) {
    return "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + logicalId + "-AbCdEf";
  }

  /** The test's value of the secret a {@code Ref} resolved to (an ECS task's secret, say). */
  String secretValue(String arn) {
    return secrets.keySet().stream()
        .filter(logicalId -> secretArn(logicalId).equals(arn))
        .findFirst()
        .map(secrets::get)
        .orElseThrow(() -> new AssertionError("no secret of the stack: " + arn));
  }

  private String joined(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (!(value instanceof Map<?, ?> intrinsic) || intrinsic.size() != 1) {
      throw new AssertionError("not a value: " + Cfn.text(value));
    }
    Map.Entry<String, Object> only = map(value).entrySet().iterator().next();
    return switch (only.getKey()) {
      case "Ref" -> ref((String) only.getValue());
      case "Fn::GetAtt" -> {
        List<Object> attribute = list(only.getValue());
        // A sample the attribute's consumers can use as a host name, e.g. the NLB's DNSName.
        yield (attribute.get(0) + "-" + attribute.get(1)).toLowerCase(Locale.ROOT)
            + ".sample.internal";
      }
      case "Fn::Join" -> {
        List<Object> join = list(only.getValue());
        yield list(join.get(1)).stream()
            .map(this::joined)
            .collect(Collectors.joining((String) join.get(0)));
      }
      default -> throw new AssertionError("intrinsic not understood here: " + Cfn.text(value));
    };
  }

  private String ref(String name) {
    switch (name) {
      case "AWS::Region":
        return REGION;
      case "AWS::AccountId":
        return ACCOUNT;
      case "AWS::Partition":
        return "aws";
      case "AWS::URLSuffix":
        return "amazonaws.com";
      default:
        break;
    }
    String type = (String) cfn.resource(name).get("Type");
    if ("AWS::SecretsManager::Secret".equals(type)) {
      return secretArn(name);
    }
    // API ids, VPC link ids and the like: short lower-case ids, as AWS gives them.
    String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return id.substring(0, Math.min(10, id.length()));
  }

  private String dynamicReferences(String text) {
    Matcher matcher = SECRET_REFERENCE.matcher(text);
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      if (!matcher.group("rest").equals("::")) {
        throw new AssertionError("a JSON key, version stage or version is not expected: " + text);
      }
      String secret = secretValue(matcher.group("id"));
      matcher.appendReplacement(resolved, Matcher.quoteReplacement(secret));
    }
    matcher.appendTail(resolved);
    if (ANY_REFERENCE.matcher(resolved).find()) {
      throw new AssertionError("a dynamic reference not understood here: " + text);
    }
    return resolved.toString();
  }
}
