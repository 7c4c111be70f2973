package io.livecomments.application.port.out.metrics;

/**
 * Counts the push pipeline's work: messages accepted and settled, the outcome of each, the frames
 * sent to the gateway, and how long a comment takes to reach its whole audience. Called where each
 * happens; must be cheap and never throw.
 */
public interface PushMetrics {

  /** What became of pushes, as the {@code outcome} label names it. */
  enum Result {
    /** A message the gateway took for its connection. */
    DELIVERED("delivered"),
    /** A connection the gateway reported gone (410), counted once per connection. */
    GONE("gone"),
    /** One 429 answer from the gateway, whether or not the push is tried again. */
    THROTTLED("throttled"),
    /** A message given up: its attempts ran out on 429, 5xx or transport errors, or we stopped. */
    FAILED("failed"),
    /** A message the gateway refused for good (413, 403, 400): not tried again. */
    REJECTED("rejected");

    private final String label;

    Result(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The frames sent to the gateway, as the {@code kind} label names them. */
  enum FrameKind {
    /** One message in one frame. */
    SINGLE("single"),
    /** Several messages for one connection in one {@code batch} frame. */
    BATCH("batch");

    private final String label;

    FrameKind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Messages (one frame for one connection each) accepted for pushing, not sent yet. */
  void accepted(int messages);

  /** Messages that have settled: delivered, or given up for good; no longer waiting. */
  void settled(int messages);

  /** Counts one result; see {@link Result} for what each counts. */
  void counted(Result result);

  /** A frame was sent to the gateway: every attempt, retries included. */
  void frameSent(FrameKind kind);

  /**
   * Starts timing one comment's fan-out, from the moment it was stored; run the returned action
   * once its last push has settled.
   */
  Runnable fanOutStarted();

  /** Counts nothing: for tests and for users of the core that do not measure. */
  static PushMetrics none() {
    return None.INSTANCE;
  }

  /** The no-op. */
  enum None implements PushMetrics {
    INSTANCE;

    private static final Runnable NOTHING = () -> {};

    @Override
    public void accepted(int messages) {}

    @Override
    public void settled(int messages) {}

    @Override
    public void counted(Result result) {}

    @Override
    public void frameSent(FrameKind kind) {}

    @Override
    public Runnable fanOutStarted() {
      return NOTHING;
    }
  }
}
