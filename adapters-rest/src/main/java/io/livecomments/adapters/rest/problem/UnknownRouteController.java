package io.livecomments.adapters.rest.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;

/**
 * Answers a request that matches no route with the same problem+json Micronaut would give. Without
 * this status route Micronaut looks up the exception handler of its {@code NotFoundException} on
 * every such request, and in Micronaut 4.10 that lookup scans every bean definition and is never
 * cached (its qualifier has no {@code equals}): an unknown path cost five times a real read. A
 * status route is found before that lookup.
 */
@Controller
public class UnknownRouteController {

  /** Micronaut's own detail for a route miss, kept so that the body does not change. */
  static final String DETAIL = "Page Not Found";

  private final ErrorResponseProcessor<?> processor;

  public UnknownRouteController(ErrorResponseProcessor<?> processor) {
    this.processor = processor;
  }

  @Error(status = HttpStatus.NOT_FOUND, global = true)
  @Produces(Problem.MEDIA_TYPE)
  public MutableHttpResponse<?> notFound(HttpRequest<?> request) {
    return processor.processResponse(
        ErrorContext.builder(request).errorMessage(DETAIL).build(), HttpResponse.notFound());
  }
}
