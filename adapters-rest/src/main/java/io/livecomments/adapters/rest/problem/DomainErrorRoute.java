package io.livecomments.adapters.rest.problem;

import io.livecomments.domain.DomainException;
import io.micronaut.context.BeanContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each domain exception (unknown post or comment, invalid value, not the author) to its
 * {@link ExceptionHandler}, which stays the one place that maps a kind to its problem. Micronaut
 * 4.10 finds the handler of a thrown exception with a bean lookup it never caches (its qualifier
 * has no {@code equals}), scanning every bean definition on each error; it looks for error routes
 * first, so this global one finds the handler once per exception class and remembers it. Without it
 * a request for an unknown post cost several times a request for a known one.
 */
@Controller
public class DomainErrorRoute {

  private final BeanContext beans;
  private final Map<Class<?>, ExceptionHandler<DomainException, ?>> handlers =
      new ConcurrentHashMap<>();

  public DomainErrorRoute(BeanContext beans) {
    this.beans = beans;
  }

  @Error(global = true, exception = DomainException.class)
  @Produces(Problem.MEDIA_TYPE)
  public Object handle(HttpRequest<?> request, DomainException exception) {
    return handlers
        .computeIfAbsent(exception.getClass(), this::handlerOf)
        .handle(request, exception);
  }

  /** The handler Micronaut itself would pick: the closest to the exception's class. */
  @SuppressWarnings("unchecked")
  private ExceptionHandler<DomainException, ?> handlerOf(Class<?> type) {
    return beans.getBean(
        ExceptionHandler.class, Qualifiers.byTypeArgumentsClosest(type, Object.class));
  }
}
