package io.livecomments.localgateway;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/**
 * Turns the local gateway on unless the service pushes through a real API Gateway: an explicit
 * {@code livecomments.local-gateway.enabled} wins, otherwise a configured {@code
 * livecomments.apigateway.endpoint} means the real one is in use, so no unauthenticated push route
 * is exposed next to it.
 */
public final class LocalGatewayEnabledCondition implements Condition {

  public static final String ENABLED = "livecomments.local-gateway.enabled";
  public static final String APIGATEWAY_ENDPOINT = "livecomments.apigateway.endpoint";

  @Override
  public boolean matches(ConditionContext context) {
    return context
        .getProperty(ENABLED, Boolean.class)
        .orElseGet(
            () -> context.getProperty(APIGATEWAY_ENDPOINT, String.class).orElse("").isBlank());
  }
}
