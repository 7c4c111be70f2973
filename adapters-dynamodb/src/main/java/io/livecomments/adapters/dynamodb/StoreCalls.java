package io.livecomments.adapters.dynamodb;

import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.application.port.out.metrics.StoreMetrics;
import io.livecomments.application.port.out.metrics.StoreMetrics.Operation;
import io.livecomments.application.retry.RetryPolicy;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Turns DynamoDB's "not now" answers into {@link StoreUnavailableException}, which the REST layer
 * answers with 503 and {@code Retry-After}: the endpoint cannot be reached or timed out, DynamoDB
 * throttles (after the SDK's own retries) or fails, a transaction is cancelled by throttling or a
 * conflict, a table is missing, or DynamoDB refuses the credentials. Everything else (a failed
 * condition the caller did not handle, a validation error) is a fault in this code and stays what
 * it is.
 *
 * <p>Each store call that ends in a {@link StoreUnavailableException} is counted once, under its
 * operation, in the {@link StoreMetrics}.
 */
final class StoreCalls {

  private final StoreMetrics metrics;

  StoreCalls(StoreMetrics metrics) {
    this.metrics = metrics;
  }

  <T> T call(Operation name, Supplier<T> operation) {
    try {
      return operation.get();
    } catch (RuntimeException e) {
      throw counted(name, unavailableOr(e));
    }
  }

  void run(Operation name, Runnable operation) {
    call(
        name,
        () -> {
          operation.run();
          return null;
        });
  }

  /** Counts a store failure that the store raised itself, and returns it to be thrown. */
  StoreUnavailableException failed(Operation name, StoreUnavailableException e) {
    metrics.failed(name);
    return e;
  }

  private RuntimeException counted(Operation name, RuntimeException e) {
    if (e instanceof StoreUnavailableException) {
      metrics.failed(name);
    }
    return e;
  }

  static RuntimeException unavailableOr(RuntimeException e) {
    if (e instanceof StoreUnavailableException) {
      return e;
    }
    if (e instanceof TransactionCanceledException cancelled && isBusy(cancelled)) {
      return new StoreUnavailableException(
          "DynamoDB cancelled a transaction (" + reasons(cancelled) + "); try again shortly", e);
    }
    if (e instanceof ResourceNotFoundException) {
      return new StoreUnavailableException(
          "A DynamoDB table is missing: " + e.getMessage() + " (see docs/dynamodb.md)", e);
    }
    if (e instanceof DynamoDbException service && (isThrottling(service) || is5xx(service))) {
      return new StoreUnavailableException(
          "DynamoDB is busy or failing (" + errorCode(service) + "); try again shortly", e);
    }
    if (e instanceof DynamoDbException service && isRefusedCredentials(service)) {
      return new StoreUnavailableException(
          "DynamoDB refused this service's credentials ("
              + errorCode(service)
              + "); see the IAM permissions in docs/dynamodb.md",
          e);
    }
    if (e instanceof SdkClientException) {
      return new StoreUnavailableException("DynamoDB cannot be reached: " + e.getMessage(), e);
    }
    return e;
  }

  /**
   * Like {@link #call}, but runs {@code attempt} under {@code policy}, again while {@code lostRace}
   * accepts its failure: a race lost to another writer is answered by trying again on fresh data.
   * Once the attempts run out, or the thread is interrupted while it waits, the last lost race
   * becomes a {@link StoreUnavailableException} saying {@code exhausted}.
   */
  <T> T callRetryingLostRaces(
      Operation name,
      RetryPolicy policy,
      Predicate<RuntimeException> lostRace,
      String exhausted,
      IntFunction<T> attempt) {
    return call(
        name,
        () -> {
          try {
            return policy.call(attempt, lostRace);
          } catch (RuntimeException e) {
            if (!lostRace.test(e)) {
              throw e;
            }
            throw new StoreUnavailableException(
                Thread.currentThread().isInterrupted()
                    ? "Interrupted while waiting to try again: " + exhausted
                    : exhausted,
                e);
          }
        });
  }

  /** A transaction cancelled by another writer's change, see {@link #isContention}. */
  static boolean isLostTransaction(RuntimeException e) {
    return e instanceof TransactionCanceledException cancelled && isContention(cancelled);
  }

  /**
   * A transaction lost to another writer (a failed condition, or DynamoDB's conflict detection):
   * trying again on fresh data is the answer.
   */
  static boolean isContention(TransactionCanceledException e) {
    return reasons(e).stream()
        .allMatch(
            code ->
                code.equals("None")
                    || code.equals("ConditionalCheckFailed")
                    || code.equals("TransactionConflict"));
  }

  /** A transaction cancelled because DynamoDB is busy: throttled, or a conflict at its end. */
  private static boolean isBusy(TransactionCanceledException e) {
    return reasons(e).stream()
        .anyMatch(
            code ->
                code.equals("TransactionConflict")
                    || code.equals("ThrottlingError")
                    || code.equals("ProvisionedThroughputExceeded")
                    || code.equals("RequestLimitExceeded"));
  }

  static List<String> reasons(TransactionCanceledException e) {
    return e.hasCancellationReasons()
        ? e.cancellationReasons().stream().map(r -> r.code() == null ? "None" : r.code()).toList()
        : List.of();
  }

  private static boolean isRefusedCredentials(DynamoDbException e) {
    String code = errorCode(e);
    return e.statusCode() == 403
        || code.equals("AccessDeniedException")
        || code.equals("UnrecognizedClientException")
        || code.equals("InvalidSignatureException")
        || code.equals("ExpiredTokenException");
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
