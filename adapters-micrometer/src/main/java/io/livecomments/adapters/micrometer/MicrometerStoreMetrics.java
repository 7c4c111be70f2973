package io.livecomments.adapters.micrometer;

import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code livecomments_store_errors_total{operation}}: store calls that failed because the store was
 * unavailable. Every operation is registered at once, so each series reads 0 until it fails.
 */
public final class MicrometerStoreMetrics implements StoreMetrics {

  private final Map<Operation, Counter> errors = new EnumMap<>(Operation.class);

  public MicrometerStoreMetrics(MeterRegistry registry) {
    for (Operation operation : Operation.values()) {
      errors.put(
          operation,
          Counter.builder("livecomments.store.errors")
              .description("Store calls that failed because the store was unavailable (503)")
              .tag("operation", operation.label())
              .register(registry));
    }
  }

  @Override
  public void failed(Operation operation) {
    errors.get(operation).increment();
  }
}
