package io.livecomments.application.port.out.metrics;

/**
 * Counts what users do: comments created, changes by kind, connections registered, writes refused
 * by the rate limit. Called where each happens, after it happened; must be cheap and never throw.
 */
public interface ActivityMetrics {

  /** The kinds of change to a comment, as operators see them. */
  enum Change {
    CREATED("created"),
    UPDATED("updated"),
    DELETED("deleted");

    private final String label;

    Change(String label) {
      this.label = label;
    }

    /** The value of the {@code action} label. */
    public String label() {
      return label;
    }
  }

  /** A new comment was stored (an idempotent replay is not one). */
  void commentCreated();

  /** A comment change was stored. */
  void changed(Change change);

  /** A connection was registered on {@code $connect}. */
  void connectionRegistered();

  /** A write was refused because its user exceeded the rate limit. */
  void rateLimited();

  /** Counts nothing: for tests and for users of the core that do not measure. */
  static ActivityMetrics none() {
    return None.INSTANCE;
  }

  /** The no-op. */
  enum None implements ActivityMetrics {
    INSTANCE;

    @Override
    public void commentCreated() {}

    @Override
    public void changed(Change change) {}

    @Override
    public void connectionRegistered() {}

    @Override
    public void rateLimited() {}
  }
}
