package io.livecomments.infrastructure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The stack's settings, read from CDK context ({@code cdk.json} or {@code cdk deploy -c key=value})
 * and checked before anything is synthesized, so that a typo fails {@code cdk synth} with a message
 * rather than a deployment half-way.
 *
 * <p>The keys of CONTRACT §10: {@code stage}, {@code throttleRate}, {@code throttleBurst}, {@code
 * broadcast}, {@code imageUri}, {@code desiredCount}, {@code extraRoutes}. The contract is silent
 * on authentication and table names, which a deployment cannot do without: {@code authMode} ({@code
 * firebase}, {@code jwks} or, deliberately, {@code dev}) with {@code firebaseProjectId} or {@code
 * jwksUrl}/{@code jwtIssuer}/{@code jwtAudience}; {@code tablePrefix} (default {@code
 * livecomments-<stage>-}, so that two stages can share an account); {@code corsAllowedOrigins} (the
 * service allows no browser origin outside {@code dev} mode unless told).
 */
public record StackSettings(
    String stage,
    double throttleRate,
    int throttleBurst,
    String broadcast,
    Optional<String> imageUri,
    int desiredCount,
    List<String> extraRoutes,
    String tablePrefix,
    Map<String, String> authEnvironment,
    Optional<String> corsAllowedOrigins) {

  public static final String DEFAULT_STAGE = "prod";
  public static final double DEFAULT_THROTTLE_RATE = 1000;
  public static final int DEFAULT_THROTTLE_BURST = 2000;
  public static final int DEFAULT_DESIRED_COUNT = 2;

  /** The routes every deployment has; {@code extraRoutes} adds to them. */
  public static final List<String> BUILT_IN_ROUTES = List.of("$connect", "$disconnect", "$default");

  // The stage names the stack's name (LiveComments-<stage>) and the API Gateway stage alike, so it
  // takes what both allow: CloudFormation refuses '_' in stack names.
  private static final Pattern STAGE = Pattern.compile("[a-zA-Z0-9-]{1,64}");
  private static final Pattern ROUTE_KEY = Pattern.compile("[a-zA-Z0-9._:-]{1,128}");
  private static final Pattern TABLE_PREFIX = Pattern.compile("[a-zA-Z0-9_.-]{0,200}");

  public StackSettings {
    Objects.requireNonNull(imageUri, "imageUri");
    Objects.requireNonNull(corsAllowedOrigins, "corsAllowedOrigins");
    extraRoutes = List.copyOf(extraRoutes);
    authEnvironment = Map.copyOf(authEnvironment);
  }

  /** {@code broadcast=http-bridge}: the service posts each broadcast to the broadcast Lambda. */
  public static final String HTTP_BRIDGE = "http-bridge";

  public boolean isHttpBridge() {
    return HTTP_BRIDGE.equals(broadcast);
  }

  public boolean isProduction() {
    return "prod".equals(stage);
  }

  /** Every route of the WebSocket API: the built-in three, then the extra ones. */
  public List<String> routes() {
    List<String> routes = new ArrayList<>(BUILT_IN_ROUTES);
    routes.addAll(extraRoutes);
    return routes;
  }

  /**
   * Reads and checks the settings.
   *
   * @param context looks a context key up; CDK gives strings for {@code -c key=value} and JSON
   *     values (numbers, lists) for keys set in {@code cdk.json}, so both are accepted
   * @throws IllegalArgumentException naming the key, its value and what it should be
   */
  public static StackSettings from(Function<String, Object> context) {
    String stage = text(context, "stage").orElse(DEFAULT_STAGE);
    if (!STAGE.matcher(stage).matches()) {
      throw new IllegalArgumentException(
          "Context stage=" + stage + ": use letters, digits and '-' (at most 64)");
    }
    double rate = number(context, "throttleRate", DEFAULT_THROTTLE_RATE);
    int burst = (int) number(context, "throttleBurst", DEFAULT_THROTTLE_BURST);
    if (rate <= 0 || burst <= 0) {
      throw new IllegalArgumentException(
          "Context throttleRate and throttleBurst must be positive, got " + rate + " / " + burst);
    }
    String broadcast = text(context, "broadcast").orElse("apigateway");
    if (!broadcast.equals("apigateway") && !broadcast.equals(HTTP_BRIDGE)) {
      throw new IllegalArgumentException(
          "Context broadcast=" + broadcast + ": use apigateway or http-bridge");
    }
    Optional<String> imageUri = text(context, "imageUri");
    int desiredCount = (int) number(context, "desiredCount", DEFAULT_DESIRED_COUNT);
    if (desiredCount < 0) {
      throw new IllegalArgumentException("Context desiredCount=" + desiredCount + " is negative");
    }
    List<String> extraRoutes = routeKeys(context.apply("extraRoutes"));
    String tablePrefix = text(context, "tablePrefix").orElse("livecomments-" + stage + "-");
    if (!TABLE_PREFIX.matcher(tablePrefix).matches()) {
      throw new IllegalArgumentException(
          "Context tablePrefix=" + tablePrefix + ": DynamoDB table names allow a-z A-Z 0-9 _ - .");
    }
    return new StackSettings(
        stage,
        rate,
        burst,
        broadcast,
        imageUri,
        desiredCount,
        extraRoutes,
        tablePrefix,
        authEnvironment(context),
        text(context, "corsAllowedOrigins"));
  }

  /**
   * The service's authentication settings (CONTRACT §6). There is no default: the service's own
   * default, {@code dev}, lets anyone mint tokens, which a deployment must choose knowingly.
   */
  private static Map<String, String> authEnvironment(Function<String, Object> context) {
    String mode =
        text(context, "authMode")
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Context authMode is not set: use authMode=firebase with"
                            + " firebaseProjectId=<id>, or authMode=jwks with jwksUrl, jwtIssuer"
                            + " and jwtAudience (authMode=dev lets anyone mint tokens)"));
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "dev" -> Map.of("LIVECOMMENTS_AUTH_MODE", "dev");
      case "firebase" ->
          Map.of(
              "LIVECOMMENTS_AUTH_MODE",
              "firebase",
              "LIVECOMMENTS_AUTH_FIREBASE_PROJECT_ID",
              required(context, "firebaseProjectId", "authMode=firebase"));
      case "jwks" ->
          Map.of(
              "LIVECOMMENTS_AUTH_MODE", "jwks",
              "LIVECOMMENTS_AUTH_JWKS_URL", required(context, "jwksUrl", "authMode=jwks"),
              "LIVECOMMENTS_AUTH_ISSUER", required(context, "jwtIssuer", "authMode=jwks"),
              "LIVECOMMENTS_AUTH_AUDIENCE", required(context, "jwtAudience", "authMode=jwks"));
      default ->
          throw new IllegalArgumentException(
              "Context authMode=" + mode + ": use firebase, jwks or dev");
    };
  }

  private static String required(Function<String, Object> context, String key, String because) {
    return text(context, key)
        .orElseThrow(
            () -> new IllegalArgumentException("Context " + key + " is required with " + because));
  }

  private static Optional<String> text(Function<String, Object> context, String key) {
    Object value = context.apply(key);
    if (value == null || value.toString().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.toString().trim());
  }

  private static double number(Function<String, Object> context, String key, double fallback) {
    Object value = context.apply(key);
    if (value == null || value.toString().isBlank()) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Context " + key + "=" + value + " is not a number", e);
    }
  }

  /** A JSON list from cdk.json, or a comma-separated string from {@code -c extraRoutes=a,b}. */
  private static List<String> routeKeys(Object value) {
    List<String> keys = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(item -> keys.add(String.valueOf(item).trim()));
    } else if (value != null) {
      for (String key : value.toString().split(",")) {
        keys.add(key.trim());
      }
    }
    keys.removeIf(String::isEmpty);
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (String key : keys) {
      if (BUILT_IN_ROUTES.contains(key)) {
        throw new IllegalArgumentException(
            "Context extraRoutes lists " + key + ", which every deployment has already");
      }
      if (!ROUTE_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "Context extraRoutes: route key " + key + " should match " + ROUTE_KEY.pattern());
      }
      unique.add(key);
    }
    return List.copyOf(unique);
  }
}
