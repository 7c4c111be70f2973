package io.livecomments;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Counts every HTTP request the service's own DynamoDB client sends (retries included), by
 * operation, with an interceptor added to the real client: what DynamoDB would bill or throttle.
 * Only in contexts started with {@code test.count-dynamodb-calls=true}.
 */
@Singleton
@Requires(property = DynamoDbCallCounter.ENABLED, value = "true")
final class DynamoDbCallCounter
    implements BeanCreatedEventListener<DynamoDbClientBuilder>, ExecutionInterceptor, Ordered {

  static final String ENABLED = "test.count-dynamodb-calls";

  private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();

  /** After the service's own settings, which replace the override configuration. */
  @Override
  public int getOrder() {
    return LOWEST_PRECEDENCE;
  }

  @Override
  public DynamoDbClientBuilder onCreated(BeanCreatedEvent<DynamoDbClientBuilder> event) {
    DynamoDbClientBuilder builder = event.getBean();
    ClientOverrideConfiguration current = builder.overrideConfiguration();
    ClientOverrideConfiguration.Builder withCounter =
        current == null ? ClientOverrideConfiguration.builder() : current.toBuilder();
    return builder.overrideConfiguration(withCounter.addExecutionInterceptor(this).build());
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
    String operation = executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    sent.computeIfAbsent(operation, o -> new LongAdder()).increment();
  }

  /** Requests sent so far, by operation ({@code DescribeTable}, {@code PutItem}, …). */
  Map<String, Long> sent() {
    Map<String, Long> counts = new TreeMap<>();
    sent.forEach((operation, count) -> counts.put(operation, count.sum()));
    return counts;
  }

  /** Requests sent since {@code earlier} was taken from {@link #sent()}, by operation. */
  Map<String, Long> since(Map<String, Long> earlier) {
    Map<String, Long> counts = sent();
    earlier.forEach((operation, count) -> counts.merge(operation, -count, Long::sum));
    counts.values().removeIf(count -> count == 0);
    return counts;
  }
}
