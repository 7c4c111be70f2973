package io.livecomments.localgateway;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the Management API requests that reached Micronaut's routing, i.e. the controller. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class RoutedManagementRequests {

  private final AtomicInteger count = new AtomicInteger();

  @RequestFilter
  void count(HttpRequest<?> request) {
    if (request.getPath().contains("/@connections/")) {
      count.incrementAndGet();
    }
  }

  int count() {
    return count.get();
  }
}
