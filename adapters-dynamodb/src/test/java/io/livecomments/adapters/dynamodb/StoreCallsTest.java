package io.livecomments.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.out.StoreUnavailableException;
import io.livecomments.application.port.out.metrics.StoreMetrics.Operation;
import io.livecomments.application.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Which DynamoDB failures mean "try again later" (503) and which are this code's own faults. */
class StoreCallsTest {

  private static final Operation SOME_OPERATION = Operation.COMMENTS_FIND;

  private final List<Operation> failures = new CopyOnWriteArrayList<>();
  private final StoreCalls calls = new StoreCalls(failures::add);

  private RuntimeException thrown(RuntimeException failure) {
    return assertThrows(
        RuntimeException.class,
        () ->
            calls.call(
                SOME_OPERATION,
                () -> {
                  throw failure;
                }));
  }

  private static DynamoDbException service(int status, String code) {
    return (DynamoDbException)
        DynamoDbException.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
            .message(code)
            .build();
  }

  @Test
  void throttlingIsUnavailable() {
    RuntimeException e =
        thrown(
            (RuntimeException)
                ProvisionedThroughputExceededException.builder()
                    .statusCode(400)
                    .awsErrorDetails(
                        AwsErrorDetails.builder()
                            .errorCode("ProvisionedThroughputExceededException")
                            .build())
                    .build());
    assertInstanceOf(StoreUnavailableException.class, e);
    assertTrue(e.getMessage().contains("busy"), e.getMessage());
    assertInstanceOf(StoreUnavailableException.class, thrown(service(400, "ThrottlingException")));
    assertInstanceOf(StoreUnavailableException.class, thrown(service(400, "RequestLimitExceeded")));
  }

  @Test
  void serverErrorsAndUnreachableEndpointsAreUnavailable() {
    assertInstanceOf(StoreUnavailableException.class, thrown(service(500, "InternalServerError")));
    assertInstanceOf(StoreUnavailableException.class, thrown(service(503, "ServiceUnavailable")));
    RuntimeException refused =
        thrown(SdkClientException.create("Unable to execute HTTP request: Connection refused"));
    assertInstanceOf(StoreUnavailableException.class, refused);
    assertTrue(refused.getMessage().contains("cannot be reached"), refused.getMessage());
  }

  @Test
  void aMissingTableIsUnavailableAndSaysSo() {
    RuntimeException e =
        thrown(
            (RuntimeException)
                ResourceNotFoundException.builder()
                    .statusCode(400)
                    .message("Cannot do operations on a non-existent table")
                    .build());
    assertInstanceOf(StoreUnavailableException.class, e);
    assertTrue(e.getMessage().contains("table is missing"), e.getMessage());
  }

  @Test
  void failedConditionsAndValidationErrorsStayWhatTheyAre() {
    RuntimeException condition =
        (RuntimeException) ConditionalCheckFailedException.builder().statusCode(400).build();
    assertSame(condition, thrown(condition));
    DynamoDbException validation = service(400, "ValidationException");
    assertSame(validation, thrown(validation));
  }

  private static TransactionCanceledException cancelled(String... codes) {
    return TransactionCanceledException.builder()
        .statusCode(400)
        .cancellationReasons(
            java.util.Arrays.stream(codes)
                .map(code -> CancellationReason.builder().code(code).build())
                .toList())
        .build();
  }

  @Test
  void transactionsCancelledByThrottlingOrConflictAreUnavailableButFailedConditionsAreNot() {
    assertInstanceOf(StoreUnavailableException.class, thrown(cancelled("None", "ThrottlingError")));
    assertInstanceOf(
        StoreUnavailableException.class, thrown(cancelled("TransactionConflict", "None")));
    TransactionCanceledException condition = cancelled("ConditionalCheckFailed", "None");
    assertSame(condition, thrown(condition));
    assertTrue(StoreCalls.isContention(condition));
    assertTrue(StoreCalls.isContention(cancelled("TransactionConflict")));
    assertTrue(!StoreCalls.isContention(cancelled("ValidationError")));
  }

  @Test
  void eachCallThatEndsUnavailableIsCountedOnceUnderItsOperation() {
    thrown(service(500, "InternalServerError"));
    thrown(SdkClientException.create("connection refused"));
    thrown(cancelled("ConditionalCheckFailed", "None"));
    thrown(service(400, "ValidationException"));
    assertEquals("ok", calls.call(Operation.POSTS_FIND, () -> "ok"));
    assertEquals(List.of(SOME_OPERATION, SOME_OPERATION), failures);
  }

  @Test
  void racesLostAndWonAreNoStoreErrorsButGivingUpIsOne() {
    AtomicInteger attempts = new AtomicInteger();
    calls.callRetryingLostRaces(
        Operation.CONNECTIONS_SUBSCRIBE,
        new RetryPolicy(3, Duration.ZERO, Duration.ZERO),
        StoreCalls::isLostTransaction,
        "unused",
        attempt -> {
          if (attempts.incrementAndGet() < 3) {
            throw cancelled("TransactionConflict");
          }
          return "won";
        });
    assertEquals(List.of(), failures);
    assertThrows(
        StoreUnavailableException.class,
        () ->
            calls.callRetryingLostRaces(
                Operation.CONNECTIONS_SUBSCRIBE,
                new RetryPolicy(2, Duration.ZERO, Duration.ZERO),
                StoreCalls::isLostTransaction,
                "Connection c keeps changing",
                attempt -> {
                  throw cancelled("ConditionalCheckFailed");
                }));
    assertEquals(List.of(Operation.CONNECTIONS_SUBSCRIBE), failures);
  }

  @Test
  void lostRacesAreTriedAgainUntilThePolicyGivesUpWithAClearMessage() {
    RetryPolicy threeAttempts = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
    AtomicInteger attempts = new AtomicInteger();
    StoreUnavailableException e =
        assertThrows(
            StoreUnavailableException.class,
            () ->
                calls.callRetryingLostRaces(
                    Operation.COMMENTS_APPEND,
                    threeAttempts,
                    StoreCalls::isLostTransaction,
                    "Post p keeps changing",
                    attempt -> {
                      attempts.incrementAndGet();
                      throw cancelled("ConditionalCheckFailed", "None");
                    }));
    assertEquals(3, attempts.get());
    assertEquals("Post p keeps changing", e.getMessage());
    assertInstanceOf(TransactionCanceledException.class, e.getCause());

    attempts.set(0);
    assertEquals(
        "won",
        calls.callRetryingLostRaces(
            Operation.COMMENTS_APPEND,
            threeAttempts,
            StoreCalls::isLostTransaction,
            "Post p keeps changing",
            attempt -> {
              if (attempts.incrementAndGet() < 3) {
                throw cancelled("TransactionConflict");
              }
              return "won";
            }));
  }

  @Test
  void otherFailuresAreNotTriedAgain() {
    AtomicInteger attempts = new AtomicInteger();
    RuntimeException validation = service(400, "ValidationException");
    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () ->
                calls.callRetryingLostRaces(
                    Operation.COMMENTS_APPEND,
                    new RetryPolicy(3, Duration.ZERO, Duration.ZERO),
                    StoreCalls::isLostTransaction,
                    "unused",
                    attempt -> {
                      attempts.incrementAndGet();
                      throw validation;
                    }));
    assertSame(validation, thrown);
    assertEquals(1, attempts.get());
  }

  @Test
  void refusedCredentialsAreUnavailableAndPointAtTheIamPermissions() {
    RuntimeException e = thrown(service(400, "AccessDeniedException"));
    assertInstanceOf(StoreUnavailableException.class, e);
    assertTrue(e.getMessage().contains("IAM"), e.getMessage());
    assertInstanceOf(
        StoreUnavailableException.class, thrown(service(400, "UnrecognizedClientException")));
  }
}
