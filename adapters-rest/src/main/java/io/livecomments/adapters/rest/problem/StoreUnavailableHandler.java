package io.livecomments.adapters.rest.problem;

import io.livecomments.application.port.out.StoreOutcomeUnknownException;
import io.livecomments.application.port.out.StoreUnavailableException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store is down or throttling: 503, and the client may retry. Nothing was written, except when
 * the store lost a write's answer and could not check it afterwards: then the detail says so, so
 * that a client looks before it writes again.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class StoreUnavailableHandler extends ProblemHandler<StoreUnavailableException> {

  static final String NOTHING_CHANGED =
      "The comment store is unavailable right now; nothing was changed. Please retry.";

  static final String OUTCOME_UNKNOWN =
      "The comment store did not confirm the change and could not be asked whether it was made;"
          + " it may have been. Check before retrying.";

  private static final Logger LOG = LoggerFactory.getLogger(StoreUnavailableHandler.class);

  public StoreUnavailableHandler(Problems problems) {
    super(problems, HttpStatus.SERVICE_UNAVAILABLE, ProblemKind.STORE_UNAVAILABLE);
  }

  @Override
  String detail(StoreUnavailableException exception) {
    return exception instanceof StoreOutcomeUnknownException ? OUTCOME_UNKNOWN : NOTHING_CHANGED;
  }

  @Override
  MutableHttpResponse<?> decorate(MutableHttpResponse<?> response, StoreUnavailableException e) {
    // Clients get a plain 503; operators get the reason (one line: an outage repeats it a lot).
    LOG.warn("Answered 503: {}", e.getMessage());
    return response.header(HttpHeaders.RETRY_AFTER, "1");
  }
}
