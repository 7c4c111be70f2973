package io.livecomments.adapters.dynamodb;

import io.livecomments.application.port.out.StoreUnavailableException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Turns DynamoDB's "not now" answers into {@link StoreUnavailableException}, which the REST layer
 * answers with 503 and {@code Retry-After}: the endpoint cannot be reached or timed out, DynamoDB
 * throttles (after the SDK's own retries) or fails, or a table is missing. Everything else is a
 * fault in this code and stays what it is.
 */
final class StoreCalls {

  private StoreCalls() {}

  static <T> T call(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (RuntimeException e) {
      throw unavailableOr(e);
    }
  }

  static void run(Runnable operation) {
    call(
        () -> {
          operation.run();
          return null;
        });
  }

  static RuntimeException unavailableOr(RuntimeException e) {
    if (e instanceof StoreUnavailableException) {
      return e;
    }
    if (e instanceof ResourceNotFoundException) {
      return new StoreUnavailableException(
          "A DynamoDB table is missing: " + e.getMessage() + " (see docs/dynamodb.md)", e);
    }
    if (e instanceof DynamoDbException service && (isThrottling(service) || is5xx(service))) {
      return new StoreUnavailableException(
          "DynamoDB is busy or failing (" + errorCode(service) + "); try again shortly", e);
    }
    if (e instanceof SdkClientException) {
      return new StoreUnavailableException("DynamoDB cannot be reached: " + e.getMessage(), e);
    }
    return e;
  }

  private static boolean isThrottling(DynamoDbException e) {
    return e.isThrottlingException()
        || "ProvisionedThroughputExceededException".equals(errorCode(e))
        || "RequestLimitExceeded".equals(errorCode(e))
        || "TransactionInProgressException".equals(errorCode(e));
  }

  private static boolean is5xx(DynamoDbException e) {
    return e.statusCode() >= 500;
  }

  private static String errorCode(DynamoDbException e) {
    return e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
  }
}
