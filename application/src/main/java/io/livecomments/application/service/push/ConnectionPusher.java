package io.livecomments.application.service.push;

import io.livecomments.application.port.out.ConnectionRegistry;
import io.livecomments.application.port.out.IdGenerator;
import io.livecomments.application.port.out.Recipient;
import io.livecomments.application.port.out.metrics.PushMetrics;
import io.livecomments.application.port.out.push.ConnectionMessenger;
import io.livecomments.application.port.out.push.PushOutcome;
import io.livecomments.application.retry.RetryPolicy;
import io.livecomments.domain.ConnectionId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Pushes frames to connections through the {@link ConnectionMessenger}, in order per connection
 * (CONTRACT section 5).
 *
 * <p>Each connection has an outbox: its messages wait there in the order they were produced, and at
 * most one push per connection is in flight. A push that is throttled (429) or fails (5xx) is tried
 * again after the {@link RetryPolicy}'s backoff before anything later leaves, so nothing overtakes
 * it. A connection reported gone (410) is removed from the registry and its waiting messages are
 * dropped. For a connection that asked for batches, whatever waits when its push slot frees leaves
 * as one {@code batch} frame (at most {@link Frames#MAX_FRAME_BYTES}, several in order beyond).
 *
 * <p>Outboxes with something to send and no push in flight wait in a ready queue. A few drainers
 * (threads of {@code background}) take them from it while fewer than {@code maxConcurrency} pushes
 * are in flight and the {@link TokenBucket} allows; a settled push frees its slot and wakes a
 * drainer. No thread waits for a slot or a token: messages wait in their outboxes instead, and a
 * timer wakes the drainers when the budget has refilled. Several drainers, because preparing a
 * request (the AWS SDK signs each) costs CPU, and one thread would be a large fan-out's bottleneck.
 *
 * <p>An outbox holds at most {@link #OUTBOX_LIMIT} messages; beyond that the oldest is dropped and
 * counted as failed. A client that far behind has lost messages anyway and recovers them from the
 * gap in {@code rev} with {@code /changes} (CONTRACT section 8); the bound keeps one stuck
 * connection from holding the memory of every fan-out.
 *
 * <p>Every message (one frame for one connection) is counted in the {@link PushMetrics} once, when
 * it settles, by its final outcome, also when it left inside a batch; each 429 answer and each
 * frame sent is counted as it happens. A connection reported gone is counted gone once.
 */
public final class ConnectionPusher {

  /** The most messages waiting for one connection; older ones are dropped beyond it. */
  public static final int OUTBOX_LIMIT = 1_000;

  private static final System.Logger LOG = System.getLogger(ConnectionPusher.class.getName());
  private static final int DRAINERS = 4;
  private static final int BATCH_CACHE_LIMIT = 64;
  private static final PushOutcome STOPPED = new PushOutcome.Failed("the service is stopping");
  private static final PushOutcome OVERFLOW =
      new PushOutcome.Failed("dropped: more than " + OUTBOX_LIMIT + " messages waiting");

  /**
   * How many gone connections are remembered so that each is counted once. Only pushes already in
   * flight when the first 410 came can repeat it (the registry forgets the connection at once), so
   * this only has to outlast a 410 storm's in-flight pushes.
   */
  private static final int REMEMBERED_GONE = 100_000;

  /** What a fan-out achieved. */
  public record Report(int delivered, int gone, int failed) {}

  private final ConnectionMessenger messenger;
  private final ConnectionRegistry registry;
  private final Semaphore slots;
  private final Executor background;
  private final ScheduledExecutorService timer;
  private final RetryPolicy retry;
  private final PushMetrics metrics;
  private final TokenBucket budget;
  private final IdGenerator ids;
  private final Clock clock;
  private final int maxFrameBytes;
  private final long batchDelayNanos;

  /**
   * Batching outboxes holding a fan-out's message for {@link #batchDelayNanos}, in the order they
   * began to wait, so their deadlines come in order too and one timer serves them all. Guarded by
   * itself, with {@link #lingerTimerArmed}.
   */
  private final ArrayDeque<Lingering> lingering = new ArrayDeque<>();

  private boolean lingerTimerArmed;
  private final Outstanding outstanding = new Outstanding();
  private final Map<ConnectionId, Outbox> outboxes = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<Outbox> ready = new ConcurrentLinkedDeque<>();
  private final AtomicInteger drainers = new AtomicInteger();
  private final AtomicBoolean refillPending = new AtomicBoolean();

  /**
   * The batches built last, for the other connections waiting for the same messages. Few are needed
   * (in a burst most outboxes wait for the same window), and each may hold 128 KiB, so the cache is
   * small: at most {@link #BATCH_CACHE_LIMIT} entries, the oldest dropped first.
   */
  private final Map<BatchKey, String> batches =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BatchKey, String> eldest) {
          return size() > BATCH_CACHE_LIMIT;
        }
      };

  /** Outboxes whose push waits for its retry's backoff; a stop settles them at once. */
  private final Set<Outbox> backingOff = ConcurrentHashMap.newKeySet();

  private final Map<ConnectionId, Boolean> recentlyGone =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ConnectionId, Boolean> eldest) {
          return size() > REMEMBERED_GONE;
        }
      };
  private volatile boolean stopped;

  /**
   * @param background runs the drainers, retries and registry clean-up
   * @param timer schedules retries and wakes the drainers when the budget refills
   */
  public ConnectionPusher(
      ConnectionMessenger messenger,
      ConnectionRegistry registry,
      int maxConcurrency,
      RetryPolicy retry,
      Executor background,
      ScheduledExecutorService timer) {
    this(messenger, registry, maxConcurrency, retry, background, timer, PushMetrics.none());
  }

  /**
   * @param metrics counts messages, outcomes and frames
   */
  public ConnectionPusher(
      ConnectionMessenger messenger,
      ConnectionRegistry registry,
      int maxConcurrency,
      RetryPolicy retry,
      Executor background,
      ScheduledExecutorService timer,
      PushMetrics metrics) {
    this(
        messenger,
        registry,
        maxConcurrency,
        retry,
        background,
        timer,
        metrics,
        TokenBucket.unlimited(),
        IdGenerator.random(),
        Clock.systemUTC(),
        Duration.ZERO);
  }

  /**
   * @param budget the pushes per second allowed ({@code livecomments.push.max-rate})
   * @param ids event ids of batch frames
   * @param clock timestamps of batch frames
   * @param batchDelay how long a fan-out's message waits in an idle batching outbox for others to
   *     join it ({@code livecomments.push.batch-delay}); zero sends at once
   */
  public ConnectionPusher(
      ConnectionMessenger messenger,
      ConnectionRegistry registry,
      int maxConcurrency,
      RetryPolicy retry,
      Executor background,
      ScheduledExecutorService timer,
      PushMetrics metrics,
      TokenBucket budget,
      IdGenerator ids,
      Clock clock,
      Duration batchDelay) {
    this(
        messenger,
        registry,
        maxConcurrency,
        retry,
        background,
        timer,
        metrics,
        budget,
        ids,
        clock,
        batchDelay,
        Frames.MAX_FRAME_BYTES);
  }

  ConnectionPusher(
      ConnectionMessenger messenger,
      ConnectionRegistry registry,
      int maxConcurrency,
      RetryPolicy retry,
      Executor background,
      ScheduledExecutorService timer,
      PushMetrics metrics,
      TokenBucket budget,
      IdGenerator ids,
      Clock clock,
      Duration batchDelay,
      int maxFrameBytes) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be at least 1");
    }
    if (batchDelay.isNegative()) {
      throw new IllegalArgumentException("batchDelay must not be negative");
    }
    this.batchDelayNanos = batchDelay.toNanos();
    this.messenger = messenger;
    this.registry = registry;
    this.slots = new Semaphore(maxConcurrency);
    this.retry = retry;
    this.background = background;
    this.timer = timer;
    this.metrics = metrics;
    this.budget = budget;
    this.ids = ids;
    this.clock = clock;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Queues the frame for every recipient, behind what already waits for each, to leave at once;
   * completes when each of these messages has settled. Never blocks.
   */
  public CompletableFuture<Report> pushToAll(Collection<Recipient> recipients, String frame) {
    return pushToAll(recipients, frame, false);
  }

  /**
   * Queues the frame for every recipient, behind what already waits for each; completes when each
   * of these messages has settled. Never blocks.
   *
   * @param linger whether, in the outbox of an idle {@code batch=1} connection, the message waits
   *     the batch delay for more to join it: worth it in a burst of fan-outs to the same audience,
   *     only a delay otherwise
   */
  public CompletableFuture<Report> pushToAll(
      Collection<Recipient> recipients, String frame, boolean linger) {
    return tracked(
        () -> {
          List<Recipient> audience = List.copyOf(recipients);
          FanOut fanOut = new FanOut(audience.size());
          metrics.accepted(audience.size());
          Payload payload = new Payload(frame);
          int queued = 0;
          for (Recipient recipient : audience) {
            enqueue(recipient.id(), recipient.batch(), new Message(payload, fanOut), linger);
            // A large audience starts leaving before the last of it is queued.
            if (++queued % 256 == 0) {
              signal();
            }
          }
          signal();
          return fanOut.result;
        });
  }

  /**
   * Queues one frame for one connection, behind what already waits for it, with the same retries
   * and clean-up. It is batched if the connection's outbox is a batching one (it has had a
   * fan-out).
   */
  public CompletableFuture<PushOutcome> pushTo(ConnectionId connection, String frame) {
    return tracked(
        () -> {
          metrics.accepted(1);
          Single single = new Single();
          enqueue(connection, null, new Message(new Payload(frame), single), false);
          signal();
          return single.result;
        });
  }

  /**
   * Counts work that a caller has accepted and will hand to this pusher later (a queued fan-out),
   * so that {@link #awaitIdle} waits for it too. Run the returned action once it has been handed
   * over and settled, or dropped.
   */
  public Runnable hold() {
    return outstanding.begin();
  }

  /**
   * Waits until every push accepted so far has settled (delivered, or given up after its retries),
   * including work announced with {@link #hold}; false if {@code timeout} passed first.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return outstanding.awaitNone(timeout);
  }

  /** How long a lingering message waits in a batching outbox; zero if it never does. */
  public Duration batchDelay() {
    return Duration.ofNanos(batchDelayNanos);
  }

  /** Fan-outs and single pushes accepted but not settled yet, for the shutdown's log. */
  public int outstanding() {
    return outstanding.count();
  }

  /**
   * Sends nothing more: from now on every waiting message, retry included, settles at once as
   * failed and quietly, so that a shutdown past its drain timeout ends the backlog instead of
   * racing it. Pushes in flight settle with their answer.
   */
  public void stop() {
    stopped = true;
    releaseLingering();
    for (Outbox outbox : List.copyOf(backingOff)) {
      if (backingOff.remove(outbox)) {
        abandon(outbox);
      }
    }
    signal();
  }

  private <T> CompletableFuture<T> tracked(Supplier<CompletableFuture<T>> work) {
    Runnable done = outstanding.begin();
    CompletableFuture<T> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      done.run();
      throw e;
    }
    return result.whenComplete((value, error) -> done.run());
  }

  /**
   * @param batch whether the connection takes batches; null keeps what its outbox knows
   * @param mayLinger whether the message may wait the batch delay for others (a fan-out's in a
   *     burst may; an answer to one connection, such as {@code pong}, leaves at once)
   */
  private void enqueue(ConnectionId connection, Boolean batch, Message message, boolean mayLinger) {
    if (stopped) {
      settle(connection, message, STOPPED);
      return;
    }
    Message dropped = null;
    boolean becameReady;
    while (true) {
      Outbox outbox = outboxes.computeIfAbsent(connection, Outbox::new);
      synchronized (outbox) {
        if (outbox.retired) {
          continue;
        }
        if (batch != null) {
          outbox.batch = batch;
        }
        outbox.waiting.addLast(message);
        if (outbox.waiting.size() > OUTBOX_LIMIT) {
          dropped = outbox.waiting.pollFirst();
        }
        becameReady = !outbox.queued && outbox.sending == null;
        if (becameReady) {
          outbox.queued = true;
          if (mayLinger && outbox.batch && batchDelayNanos > 0) {
            linger(outbox);
          } else {
            ready.offerLast(outbox);
          }
        }
      }
      break;
    }
    if (dropped != null) {
      settle(connection, dropped, OVERFLOW);
    }
  }

  /**
   * Holds an outbox that has just received a fan-out's message for the batch delay before it joins
   * the ready queue, so that the messages of a burst that follow join it in one {@code batch} frame
   * (Centrifugo calls this a write delay). It is marked queued meanwhile, so nothing else queues it
   * twice.
   */
  private void linger(Outbox outbox) {
    synchronized (lingering) {
      lingering.addLast(new Lingering(outbox, System.nanoTime() + batchDelayNanos));
      if (lingerTimerArmed) {
        return;
      }
      lingerTimerArmed = true;
    }
    scheduleLingerRelease(batchDelayNanos);
  }

  /** Moves the outboxes whose delay is over (all of them once stopped) to the ready queue. */
  private void releaseLingering() {
    long next;
    synchronized (lingering) {
      long now = System.nanoTime();
      Lingering head;
      while ((head = lingering.peekFirst()) != null && (stopped || head.due - now <= 0)) {
        lingering.pollFirst();
        ready.offerLast(head.outbox);
      }
      if (head == null) {
        lingerTimerArmed = false;
        next = -1;
      } else {
        next = head.due - now;
      }
    }
    signal();
    if (next >= 0) {
      scheduleLingerRelease(next);
    }
  }

  private void scheduleLingerRelease(long delayNanos) {
    try {
      timer.schedule(this::releaseLingering, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The timer is shutting down: send now rather than strand the messages.
      synchronized (lingering) {
        lingering.forEach(l -> ready.offerLast(l.outbox));
        lingering.clear();
        lingerTimerArmed = false;
      }
      signal();
    }
  }

  /** Wakes a drainer if there is something to send and room to send it. */
  private void signal() {
    while (true) {
      int running = drainers.get();
      if (running >= DRAINERS || !sendable()) {
        return;
      }
      if (drainers.compareAndSet(running, running + 1)) {
        try {
          background.execute(this::drainerLoop);
        } catch (RejectedExecutionException e) {
          // The pool is shutting down: drain here rather than strand the outboxes.
          drainerLoop();
        }
        return;
      }
    }
  }

  /**
   * Whether a drainer would find work. A budget that is the only obstacle schedules its refill, so
   * that whoever asks learns of the work again when the tokens are back.
   */
  private boolean sendable() {
    if (ready.isEmpty()) {
      return false;
    }
    if (stopped) {
      return true;
    }
    if (slots.availablePermits() == 0) {
      return false;
    }
    if (!budget.available()) {
      scheduleRefill();
      return false;
    }
    return true;
  }

  private void drainerLoop() {
    do {
      drain();
    } while (continueDraining());
  }

  /**
   * A drainer leaves, then looks again: work that came while it was leaving saw it still counted
   * and started no one, so it must not be left behind.
   */
  private boolean continueDraining() {
    drainers.decrementAndGet();
    while (sendable()) {
      int running = drainers.get();
      if (running >= DRAINERS) {
        return false;
      }
      if (drainers.compareAndSet(running, running + 1)) {
        return true;
      }
    }
    return false;
  }

  private void drain() {
    while (true) {
      if (stopped) {
        Outbox outbox = ready.pollFirst();
        if (outbox == null) {
          return;
        }
        abandon(outbox);
        continue;
      }
      if (!slots.tryAcquire()) {
        return;
      }
      Outbox outbox = ready.pollFirst();
      if (outbox == null) {
        slots.release();
        return;
      }
      if (!budget.tryTake()) {
        ready.offerFirst(outbox);
        slots.release();
        scheduleRefill();
        return;
      }
      send(outbox);
    }
  }

  private void scheduleRefill() {
    if (!refillPending.compareAndSet(false, true)) {
      return;
    }
    try {
      timer.schedule(
          () -> {
            refillPending.set(false);
            signal();
          },
          Math.max(1_000_000L, budget.nanosUntilAvailable()),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      refillPending.set(false);
    }
  }

  /** Sends what the outbox has to send: the push being retried, or what waits now. */
  private void send(Outbox outbox) {
    String frame;
    PushMetrics.FrameKind kind;
    synchronized (outbox) {
      outbox.queued = false;
      if (outbox.sending == null) {
        if (outbox.waiting.isEmpty()) {
          slots.release();
          retireIfIdle(outbox);
          return;
        }
        take(outbox);
      }
      outbox.attempts++;
      frame = outbox.frame;
      kind = outbox.kind;
    }
    metrics.frameSent(kind);
    CompletableFuture<PushOutcome> push;
    try {
      push = messenger.push(outbox.id, frame).toCompletableFuture();
    } catch (RuntimeException e) {
      push = CompletableFuture.completedFuture(new PushOutcome.Failed(e.toString()));
    }
    push.whenComplete(
        (outcome, error) ->
            completed(outbox, error != null ? new PushOutcome.Failed(error.toString()) : outcome));
  }

  /** Moves the next frame's messages from waiting to sending. */
  private void take(Outbox outbox) {
    Message first = outbox.waiting.pollFirst();
    if (!outbox.batch || outbox.waiting.isEmpty()) {
      outbox.sending = List.of(first);
      outbox.frame = first.payload.text;
      outbox.kind = PushMetrics.FrameKind.SINGLE;
      return;
    }
    List<Message> messages = new ArrayList<>();
    messages.add(first);
    long bytes = BatchFrames.OVERHEAD_BYTES + first.payload.bytes();
    while (!outbox.waiting.isEmpty()) {
      long more = bytes + 1 + outbox.waiting.peekFirst().payload.bytes();
      if (more > maxFrameBytes) {
        break;
      }
      bytes = more;
      messages.add(outbox.waiting.pollFirst());
    }
    outbox.sending = messages;
    if (messages.size() == 1) {
      outbox.frame = first.payload.text;
      outbox.kind = PushMetrics.FrameKind.SINGLE;
    } else {
      outbox.frame = batchOf(messages);
      outbox.kind = PushMetrics.FrameKind.BATCH;
    }
  }

  /**
   * In a fan-out burst thousands of connections wait for the very same messages, so a batch built
   * for one is reused for the others (same payload objects, same batch, same event id).
   */
  private String batchOf(List<Message> messages) {
    Payload[] payloads = new Payload[messages.size()];
    for (int i = 0; i < payloads.length; i++) {
      payloads[i] = messages.get(i).payload;
    }
    BatchKey key = new BatchKey(payloads);
    synchronized (batches) {
      String cached = batches.get(key);
      if (cached != null) {
        return cached;
      }
    }
    String built = BatchFrames.batch(ids.newId(), clock.instant(), payloads);
    synchronized (batches) {
      // Two drainers may have built it at once; the first one kept is the one every reuse gets.
      return batches.computeIfAbsent(key, k -> built);
    }
  }

  private void completed(Outbox outbox, PushOutcome outcome) {
    slots.release();
    if (outcome instanceof PushOutcome.Throttled) {
      metrics.counted(PushMetrics.Result.THROTTLED);
    }
    List<Message> sent;
    List<Message> dropped = List.of();
    int attempts;
    boolean again = false;
    synchronized (outbox) {
      attempts = outbox.attempts;
      sent = outbox.sending;
      if (!stopped && outcome.retryable() && retry.allowsRetryAfter(attempts)) {
        again = true;
      } else {
        outbox.sending = null;
        outbox.frame = null;
        outbox.attempts = 0;
        if (outcome instanceof PushOutcome.Gone || stopped) {
          dropped = new ArrayList<>(outbox.waiting);
          outbox.waiting.clear();
          retireIfIdle(outbox);
        } else if (!outbox.waiting.isEmpty()) {
          outbox.queued = true;
          ready.offerLast(outbox);
        } else {
          retireIfIdle(outbox);
        }
      }
    }
    if (again) {
      retryLater(outbox, attempts);
    } else {
      for (Message message : sent) {
        settle(outbox.id, message, outcome);
      }
      PushOutcome rest = outcome instanceof PushOutcome.Gone ? outcome : STOPPED;
      for (Message message : dropped) {
        settle(outbox.id, message, rest);
      }
      afterSettling(outbox.id, outcome, attempts, sent.size());
    }
    signal();
  }

  private void retryLater(Outbox outbox, int attempts) {
    backingOff.add(outbox);
    if (stopped && backingOff.remove(outbox)) {
      abandon(outbox);
      return;
    }
    Runnable due =
        () -> {
          if (!backingOff.remove(outbox)) {
            return; // a stop has settled it meanwhile
          }
          synchronized (outbox) {
            outbox.queued = true;
            ready.offerLast(outbox);
          }
          signal();
        };
    try {
      timer.schedule(due, retry.backoffAfter(attempts).toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      due.run();
    }
  }

  /** Settles everything in the outbox as stopped, without sending. */
  private void abandon(Outbox outbox) {
    List<Message> dropped = new ArrayList<>();
    synchronized (outbox) {
      outbox.queued = false;
      if (outbox.sending != null) {
        dropped.addAll(outbox.sending);
        outbox.sending = null;
      }
      dropped.addAll(outbox.waiting);
      outbox.waiting.clear();
      retireIfIdle(outbox);
    }
    for (Message message : dropped) {
      settle(outbox.id, message, STOPPED);
    }
  }

  /** Call holding the outbox's lock. */
  private void retireIfIdle(Outbox outbox) {
    if (outbox.waiting.isEmpty() && outbox.sending == null && !outbox.queued) {
      outbox.retired = true;
      outboxes.remove(outbox.id, outbox);
    }
  }

  private void afterSettling(ConnectionId connection, PushOutcome outcome, int attempts, int n) {
    if (stopped) {
      return;
    }
    if (outcome instanceof PushOutcome.Gone) {
      try {
        background.execute(() -> forget(connection));
      } catch (RejectedExecutionException e) {
        forget(connection);
      }
    } else if (!(outcome instanceof PushOutcome.Delivered)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Push of {0} message(s) to connection {1} failed after {2} attempt(s): {3}",
          n,
          connection.value(),
          attempts,
          outcome);
    }
  }

  private void settle(ConnectionId connection, Message message, PushOutcome outcome) {
    count(connection, outcome);
    message.sink.settled(outcome);
  }

  private void count(ConnectionId connection, PushOutcome outcome) {
    metrics.settled(1);
    if (outcome instanceof PushOutcome.Delivered) {
      metrics.counted(PushMetrics.Result.DELIVERED);
    } else if (outcome instanceof PushOutcome.Gone) {
      if (firstGone(connection)) {
        metrics.counted(PushMetrics.Result.GONE);
      }
    } else if (outcome instanceof PushOutcome.Rejected) {
      metrics.counted(PushMetrics.Result.REJECTED);
    } else {
      metrics.counted(PushMetrics.Result.FAILED);
    }
  }

  private boolean firstGone(ConnectionId connection) {
    synchronized (recentlyGone) {
      return recentlyGone.put(connection, Boolean.TRUE) == null;
    }
  }

  private void forget(ConnectionId connection) {
    try {
      registry.remove(connection);
      LOG.log(System.Logger.Level.DEBUG, "Connection {0} is gone; removed", connection.value());
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Connection " + connection.value() + " is gone but could not be removed",
          e);
    }
  }

  /** One connection's queue. Guarded by its own lock. */
  /** An outbox waiting out the batch delay, until {@code due} ({@link System#nanoTime()}). */
  private record Lingering(Outbox outbox, long due) {}

  private static final class Outbox {
    final ConnectionId id;
    final ArrayDeque<Message> waiting = new ArrayDeque<>();
    boolean batch;

    /** In the ready queue. */
    boolean queued;

    /** Removed from the outboxes; whoever still holds it must fetch a new one. */
    boolean retired;

    /** The messages of the push in flight or waiting for its retry; null if none. */
    List<Message> sending;

    String frame;
    PushMetrics.FrameKind kind;
    int attempts;

    Outbox(ConnectionId id) {
      this.id = id;
    }
  }

  /** A frame shared by every message of one fan-out, with its size measured once. */
  static final class Payload {
    final String text;
    private int bytes = -1;

    Payload(String text) {
      this.text = text;
    }

    int bytes() {
      if (bytes < 0) {
        bytes = BatchFrames.utf8Length(text);
      }
      return bytes;
    }
  }

  private record Message(Payload payload, Sink sink) {}

  /** Who waits for a message to settle. */
  private interface Sink {
    void settled(PushOutcome outcome);
  }

  private static final class Single implements Sink {
    final CompletableFuture<PushOutcome> result = new CompletableFuture<>();

    @Override
    public void settled(PushOutcome outcome) {
      result.complete(outcome);
    }
  }

  /** A fan-out's messages: its report completes when the last of them settles. */
  private static final class FanOut implements Sink {
    final CompletableFuture<Report> result = new CompletableFuture<>();
    final AtomicInteger remaining;
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger gone = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    FanOut(int messages) {
      remaining = new AtomicInteger(messages);
      if (messages == 0) {
        result.complete(new Report(0, 0, 0));
      }
    }

    @Override
    public void settled(PushOutcome outcome) {
      if (outcome instanceof PushOutcome.Delivered) {
        delivered.incrementAndGet();
      } else if (outcome instanceof PushOutcome.Gone) {
        gone.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      if (remaining.decrementAndGet() == 0) {
        result.complete(new Report(delivered.get(), gone.get(), failed.get()));
      }
    }
  }

  /** The payloads of a batch, compared by identity: cheap, and exact for a fan-out's burst. */
  private record BatchKey(Payload[] payloads) {
    @Override
    public boolean equals(Object other) {
      if (!(other instanceof BatchKey that) || that.payloads.length != payloads.length) {
        return false;
      }
      for (int i = 0; i < payloads.length; i++) {
        if (payloads[i] != that.payloads[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int hash = 1;
      for (Payload payload : payloads) {
        hash = 31 * hash + System.identityHashCode(payload);
      }
      return hash;
    }

    @Override
    public String toString() {
      return "BatchKey" + Arrays.toString(payloads);
    }
  }
}
