package io.livecomments.application.port.out.metrics;

/**
 * Counts store calls that failed because the store was unavailable (the calls answered 503): one
 * per port call, after the store client's own retries. Must be cheap and never throw.
 */
@FunctionalInterface
public interface StoreMetrics {

  /** The store's operations, a fixed set so that the {@code operation} label stays bounded. */
  enum Operation {
    POSTS_ADD("posts.add"),
    POSTS_FIND("posts.find"),
    COMMENTS_APPEND("comments.append"),
    COMMENTS_FIND("comments.find"),
    COMMENTS_PAGE("comments.page"),
    COMMENTS_UPDATE("comments.update"),
    COMMENTS_REMOVE("comments.remove"),
    CHANGES_READ("changes.read"),
    IDEMPOTENCY_FIND("idempotency.find"),
    IDEMPOTENCY_CLAIM("idempotency.claim"),
    IDEMPOTENCY_RELEASE("idempotency.release"),
    CONNECTIONS_REGISTER("connections.register"),
    CONNECTIONS_FIND("connections.find"),
    CONNECTIONS_SUBSCRIBE("connections.subscribe"),
    CONNECTIONS_UNSUBSCRIBE("connections.unsubscribe"),
    CONNECTIONS_TOUCH("connections.touch"),
    CONNECTIONS_REMOVE("connections.remove"),
    CONNECTIONS_AUDIENCE("connections.audience"),
    CONNECTIONS_ALL("connections.all"),
    CONNECTIONS_COUNT("connections.count");

    private final String label;

    Operation(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  void failed(Operation operation);

  /** Counts nothing: for tests and for users of the core that do not measure. */
  static StoreMetrics none() {
    return operation -> {};
  }
}
