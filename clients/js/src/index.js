// @livecomments/client: the browser side of LiveComments' real-time pushes (CONTRACT §4, §5, §8, §11).
// One file without imports on purpose: the service serves it to browsers as it is, with no build step.

/** @typedef {import('./index.d.ts').Comment} Comment */
/** @typedef {import('./index.d.ts').Change} Change */
/** @typedef {import('./index.d.ts').LiveMessage} LiveMessage */
/** @typedef {import('./index.d.ts').CommentEvent} CommentEvent */
/** @typedef {import('./index.d.ts').ConnectOptions} ConnectOptions */
/** @typedef {import('./index.d.ts').ReconnectOptions} ReconnectOptions */
/** @typedef {import('./index.d.ts').Clock} Clock */
/** @typedef {import('./index.d.ts').ConnectionState} ConnectionState */
/** @typedef {import('./index.d.ts').WebSocketLike} WebSocketLike */

export const CHANGES_EXPIRED = 'urn:livecomments:problem:changes-expired';

/** @type {Required<ReconnectOptions>} */
const DEFAULT_RECONNECT = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  factor: 2,
  maxAttempts: Infinity,
  jitter: 'equal',
  resetAfterMs: 5000,
};

/** @type {Clock} */
const GLOBAL_CLOCK = {
  // Looked up on every call, so that node:test's mock.timers (which swaps the globals) applies.
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id),
  now: () => Date.now(),
};

/**
 * The reconnect options over the defaults: undefined values keep the default; a number that is
 * negative, NaN or infinite (maxAttempts may be Infinity) is refused, as a bad jitter is.
 * @param {ReconnectOptions | undefined} given
 * @returns {Required<ReconnectOptions>}
 */
function reconnectOptions(given) {
  /** @type {any} */
  const options = { ...DEFAULT_RECONNECT };
  if (given === undefined || given === null) return options;
  if (typeof given !== 'object') throw new TypeError('connect: options.reconnect must be an object');
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (key === 'jitter') {
      if (value !== 'equal' && value !== 'full') throw new TypeError(`connect: options.reconnect.jitter must be 'equal' or 'full', not ${String(value)}`);
    } else if (key in DEFAULT_RECONNECT) {
      const finite = typeof value === 'number' && (Number.isFinite(value) || (key === 'maxAttempts' && value === Infinity));
      if (!finite || value < 0) throw new TypeError(`connect: options.reconnect.${key} must be a finite number ≥ 0, not ${String(value)}`);
    }
    options[key] = value;
  }
  return options;
}

const COMMENT_EVENTS = new Set(['comment.created', 'comment.updated']);
const OPEN = 1;

/**
 * The delay before reconnect attempt `attempt` (1-based): exponential growth from initialDelayMs
 * by factor, capped at maxDelayMs, then jittered. 'equal' jitter draws from [base/2, base), so a
 * flapping server is never hammered; 'full' draws from [0, base).
 * @param {number} attempt
 * @param {Required<ReconnectOptions>} options
 * @param {() => number} random
 */
export function backoffDelay(attempt, options, random) {
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * Math.pow(options.factor, exponent));
  const r = Math.min(Math.max(random(), 0), 1);
  const delay = options.jitter === 'full' ? base * r : base / 2 + (base / 2) * r;
  return Math.round(delay);
}

/**
 * Opens a live connection. Returns at once; the socket opens asynchronously (after the token, if
 * a function, resolved), so handlers attached right after `connect` see every event.
 * @param {ConnectOptions} options
 */
export function connect(options) {
  return new LiveComments(options);
}

export class LiveComments {
  /** @param {ConnectOptions} options */
  constructor(options) {
    if (!options || typeof options.url !== 'string' || options.url === '') {
      throw new TypeError('connect: options.url (the WebSocket URL) is required');
    }
    this._url = options.url;
    this._apiBase = typeof options.apiBase === 'string' ? options.apiBase.replace(/\/+$/, '') : undefined;
    this._token = options.token;
    this._batch = options.batch !== false;
    this._loadComments = options.loadComments !== false;
    this._reconnect = reconnectOptions(options.reconnect);
    this._pingIntervalMs = options.pingIntervalMs ?? 5 * 60_000;
    this._pongTimeoutMs = options.pongTimeoutMs ?? 10_000;
    this._serverSubscriptions = options.serverSubscriptions !== false;
    this._confirmSubscribeMs = options.confirmSubscribeMs ?? 3000;
    this._maxConnectionAgeMs = options.maxConnectionAgeMs ?? 110 * 60_000;
    this._WebSocket = options.WebSocket ?? globalThis.WebSocket;
    const fetchFn = options.fetch ?? globalThis.fetch;
    // A bare `fetch` called as a method of another object throws "Illegal invocation" in browsers.
    this._fetch = fetchFn ? (/** @type {string} */ url, /** @type {any} */ init) => fetchFn.call(globalThis, url, init) : undefined;
    this._random = options.random ?? Math.random;
    this._clock = options.clock ?? GLOBAL_CLOCK;
    this._dedupeWindow = options.dedupeWindow ?? 1000;
    this._changesPageLimit = options.changesPageLimit ?? 500;
    this._commentsPageLimit = options.commentsPageLimit ?? 100;
    this._maxHeldEvents = options.maxHeldEvents ?? 10_000;
    if (!this._apiBase && (options.postIds ?? []).length > 0) {
      throw new TypeError('connect: options.apiBase is needed to follow posts');
    }
    if (typeof this._WebSocket !== 'function') {
      throw new TypeError('connect: no WebSocket implementation (pass options.WebSocket)');
    }

    /** @type {ConnectionState} */
    this._state = 'connecting';
    /** @type {Map<string, Set<Function>>} */
    this._handlers = new Map();
    /** Tracked posts by id, in subscription order. @type {Map<string, PostState>} */
    this._posts = new Map();
    /** @type {Set<string>} */
    this._seen = new Set();
    /** @type {Set<PostState>} */
    this._dirty = new Set();

    /** @type {Conn | null} */
    this._conn = null;
    /** A planned replacement being opened while the current socket still serves. @type {Conn | null} */
    this._next = null;
    this._attempt = 0;
    this._everOpened = false;
    this._reconnectTimer = undefined;
    this._ageTimer = undefined;
    this._pingTimer = undefined;
    this._pongTimer = undefined;
    this._plannedAttempt = 0;
    /** Set (synchronously) while a planned replacement waits for its token. @type {object | null} */
    this._planning = null;

    for (const postId of options.postIds ?? []) checkPostId(String(postId), 'connect');
    for (const postId of options.postIds ?? []) if (!this._posts.has(String(postId))) this._track(String(postId));
    /** @type {any} */
    const target =
      options.networkEvents !== undefined ? options.networkEvents : typeof globalThis.addEventListener === 'function' ? globalThis : null;
    this._networkEvents = target && typeof target.addEventListener === 'function' ? target : null;
    this._onOnline = () => this._backOnline();
    this._networkEvents?.addEventListener('online', this._onOnline);
    // A microtask, so that `connect(...).on(...)` chains see the first events, the initial
    // 'connecting' among them.
    Promise.resolve().then(() => {
      if (this._isClosed()) return;
      this._emit('state', { state: 'connecting', previous: null });
      this._startOpen(false);
    });
  }

  /** @returns {ConnectionState} */
  get state() {
    return this._state;
  }

  /** The posts followed, in subscription order. */
  get postIds() {
    return [...this._posts.keys()];
  }

  /**
   * @param {string} type
   * @param {(event: any) => void} handler
   * @returns {() => void}
   */
  on(type, handler) {
    let set = this._handlers.get(type);
    if (!set) this._handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => this.off(type, handler);
  }

  /**
   * @param {string} type
   * @param {(event: any) => void} handler
   */
  off(type, handler) {
    this._handlers.get(type)?.delete(handler);
  }

  /** @param {string} postId */
  subscribe(postId) {
    postId = String(postId);
    if (this._state === 'closed' || this._posts.has(postId)) return;
    if (!this._apiBase) throw new TypeError('subscribe: options.apiBase is needed to follow posts');
    checkPostId(postId, 'subscribe');
    const post = this._track(postId);
    const conn = this._conn;
    if (conn && conn.ws.readyState === OPEN) {
      if (this._serverSubscriptions) {
        this._send(conn, { action: 'subscribe', postId });
        conn.subscribed.add(postId);
      }
      // Read once subscribed, so that no change falls between the read and the pushes.
      this._whenSubscribed(conn, [post], () => this._sync(post, 'initial'));
    }
    // Otherwise the next socket's URL carries it, and its 'open' loads it.
  }

  /** @param {string} postId */
  unsubscribe(postId) {
    postId = String(postId);
    const post = this._posts.get(postId);
    if (!post) return;
    post.forgotten = true;
    post.awaiting = null;
    if (post.retryTimer !== undefined) this._clock.clearTimeout(post.retryTimer);
    this._posts.delete(postId);
    this._dirty.delete(post);
    for (const conn of [this._conn, this._next]) {
      if (conn && conn.ws.readyState === OPEN && conn.subscribed.has(postId)) {
        this._send(conn, { action: 'unsubscribe', postId });
        conn.subscribed.delete(postId);
      }
    }
  }

  /**
   * The client's current view of a followed post, ordered by seq; [] for a post not followed.
   * @param {string} postId
   * @returns {Comment[]}
   */
  comments(postId) {
    const post = this._posts.get(String(postId));
    return post ? sortedComments(post) : [];
  }

  /**
   * Sends a client frame (CONTRACT §4), e.g. {action: 'whoami'}. False when no socket is open.
   * @param {object} frame
   */
  send(frame) {
    const conn = this._conn;
    if (!conn || conn.ws.readyState !== OPEN) return false;
    this._send(conn, frame);
    return true;
  }

  close() {
    if (this._state === 'closed') return;
    this._shutdown('close');
  }

  // ---- connection ----------------------------------------------------------------------------

  /**
   * Runs _openSocket; whatever it throws is reported and, if no socket came of it, retried.
   * @param {boolean} planned
   */
  _startOpen(planned) {
    const conn = this._conn;
    const next = this._next;
    this._openSocket(planned).catch((cause) => {
      this._problem('opening a socket failed', cause);
      if (this._isClosed() || this._conn !== conn || this._next !== next) return;
      if (planned) this._plannedFailed();
      else if (this._conn === null && this._reconnectTimer === undefined) this._scheduleReconnect();
    });
  }

  /**
   * Opens a socket: the first one, a reconnect (planned = false) or a planned replacement.
   * Call it through _startOpen.
   * @param {boolean} planned
   */
  async _openSocket(planned) {
    if (this._state === 'closed') return;
    if (!planned) this._setState('connecting');
    // A planned replacement is marked at once, before the token's await, so that no second
    // one starts meanwhile; it belongs to the socket serving now.
    const ticket = {};
    const serving = this._conn;
    if (planned) this._planning = ticket;
    const unplan = () => {
      if (this._planning === ticket) this._planning = null;
    };
    /** @type {string | undefined} */
    let token;
    try {
      token = typeof this._token === 'function' ? await this._token() : this._token;
    } catch (cause) {
      unplan();
      this._problem('the token function failed', cause);
      if (this._isClosed()) return;
      if (planned) {
        if (this._conn === serving) this._plannedFailed();
      } else {
        this._scheduleReconnect();
      }
      return;
    }
    unplan();
    if (this._isClosed()) return;
    // The old socket died meanwhile: the reconnect path owns the connection now.
    if (planned && (this._conn === null || this._conn !== serving || this._state !== 'open')) return;
    const subscribed = new Set(this._serverSubscriptions ? this._posts.keys() : []);
    /** @type {WebSocketLike} */
    let ws;
    try {
      ws = new this._WebSocket(this._socketUrl(subscribed, token));
    } catch (cause) {
      // A token that is no well-formed Unicode (URIError) or a refused URL.
      this._problem('could not create the WebSocket', cause);
      if (planned) this._plannedFailed();
      else this._scheduleReconnect();
      return;
    }
    /** @type {Conn} */
    const conn = { ws, subscribed, openedAt: 0, lastSentAt: 0, opened: false, done: false, retired: false, confirming: [], whoamiTimer: undefined };
    if (planned) this._next = conn;
    else this._conn = conn;
    ws.onopen = () => this._onOpen(conn);
    ws.onmessage = (event) => this._onFrame(conn, event.data);
    ws.onclose = () => this._onSocketEnd(conn);
    ws.onerror = () => this._onSocketEnd(conn);
  }

  /**
   * @param {Set<string>} postIds
   * @param {string | undefined} token
   */
  _socketUrl(postIds, token) {
    const params = [];
    // Commas stay literal: the gateway splits the postId parameter on them (CONTRACT §4).
    if (postIds.size > 0) params.push('postId=' + [...postIds].map(encodeURIComponent).join(','));
    if (this._batch) params.push('batch=1');
    if (token) params.push('token=' + encodeURIComponent(token));
    if (params.length === 0) return this._url;
    return this._url + (this._url.includes('?') ? '&' : '?') + params.join('&');
  }

  /** @param {Conn} conn */
  _onOpen(conn) {
    if (conn.done) return;
    if (this._state === 'closed' || (conn !== this._conn && conn !== this._next)) {
      // A socket the client no longer counts on (e.g. one opened after close()): no stray stays open.
      this._retire(conn);
      return;
    }
    conn.opened = true;
    conn.openedAt = this._clock.now();
    conn.lastSentAt = conn.openedAt;
    const planned = conn === this._next;
    if (planned) {
      // Switch first, then retire the old socket: there is no moment without an open socket.
      const old = this._conn;
      this._next = null;
      this._conn = conn;
      this._plannedAttempt = 0;
      if (this._pongTimer !== undefined) this._clock.clearTimeout(this._pongTimer);
      this._pongTimer = undefined;
      if (old) this._retire(old);
    } else {
      this._setState('open');
    }
    const framed = this._reconcileSubscriptions(conn);
    this._armPing(conn);
    this._armAge();
    const reconnected = planned || this._everOpened;
    this._everOpened = true;
    /** @param {PostState} post */
    const bringUpToDate = (post) => {
      // A read that failed (e.g. while offline) and waits for its retry goes now.
      if (post.retryTimer !== undefined) this._hurry(post);
      // A read in flight may have happened before the drop: it is followed by a catch-up.
      else if (post.syncing) this._sync(post, 'reconnect');
      else if (post.lastRev === null) this._sync(post, 'initial');
      else if (reconnected) this._sync(post, 'reconnect');
    };
    const viaFrames = [];
    for (const post of this._posts.values()) {
      if (framed.has(post.postId)) {
        viaFrames.push(post);
      } else {
        post.awaiting = null;
        bringUpToDate(post);
      }
    }
    if (viaFrames.length > 0) this._whenSubscribed(conn, viaFrames, bringUpToDate);
  }

  /**
   * The socket's subscriptions come from its URL; posts (un)subscribed since it was created are
   * put right with frames. Returns the posts subscribed by a frame.
   * @param {Conn} conn
   */
  _reconcileSubscriptions(conn) {
    /** @type {Set<string>} */
    const framed = new Set();
    if (!this._serverSubscriptions) return framed;
    for (const postId of [...conn.subscribed]) {
      if (!this._posts.has(postId)) {
        this._send(conn, { action: 'unsubscribe', postId });
        conn.subscribed.delete(postId);
      }
    }
    for (const postId of this._posts.keys()) {
      if (!conn.subscribed.has(postId)) {
        this._send(conn, { action: 'subscribe', postId });
        conn.subscribed.add(postId);
        framed.add(postId);
      }
    }
    return framed;
  }

  /**
   * Runs then(post) for each post once the socket is surely subscribed to it. A subscribe frame
   * gets no answer of its own, so the client asks with whoami until connection.info lists the
   * posts (frames of one connection may be handled out of order), for at most confirmSubscribeMs;
   * after that it goes on anyway and a gap or the next reconnect catches up what it missed.
   * @param {Conn} conn
   * @param {PostState[]} posts
   * @param {(post: PostState) => void} then
   */
  _whenSubscribed(conn, posts, then) {
    for (const post of posts) post.awaiting = conn;
    /** @param {PostState} post */
    const proceed = (post) => {
      if (post.awaiting !== conn || this._isGone(post)) return;
      post.awaiting = null;
      then(post);
    };
    if (!this._serverSubscriptions || !(this._confirmSubscribeMs > 0)) {
      posts.forEach(proceed);
      return;
    }
    /** @type {Confirmation} */
    const entry = {
      ids: new Set(posts.map((p) => p.postId)),
      timer: undefined,
      done: () => {
        if (entry.timer !== undefined) this._clock.clearTimeout(entry.timer);
        conn.confirming = conn.confirming.filter((e) => e !== entry);
        posts.forEach(proceed);
      },
    };
    entry.timer = this._clock.setTimeout(() => {
      entry.timer = undefined;
      entry.done();
    }, this._confirmSubscribeMs);
    conn.confirming.push(entry);
    this._send(conn, { action: 'whoami' });
  }

  /**
   * @param {Conn} conn
   * @param {any} data connection.info's data
   */
  _onConnectionInfo(conn, data) {
    if (conn.confirming.length === 0 || !data || !Array.isArray(data.subscriptions)) return;
    const listed = new Set(data.subscriptions.map(String));
    for (const entry of [...conn.confirming]) {
      for (const id of [...entry.ids]) if (listed.has(id)) entry.ids.delete(id);
      if (entry.ids.size === 0) entry.done();
    }
    if (conn.confirming.length > 0 && conn.whoamiTimer === undefined) {
      conn.whoamiTimer = this._clock.setTimeout(() => {
        conn.whoamiTimer = undefined;
        if (!conn.done && conn.confirming.length > 0) this._send(conn, { action: 'whoami' });
      }, 100);
    }
  }

  /**
   * A socket that ends stops its confirmations; the posts waiting on it are taken up by the next
   * socket's open (its URL subscribes them).
   * @param {Conn} conn
   */
  _endConfirmations(conn) {
    if (conn.whoamiTimer !== undefined) this._clock.clearTimeout(conn.whoamiTimer);
    conn.whoamiTimer = undefined;
    for (const entry of conn.confirming) {
      if (entry.timer !== undefined) this._clock.clearTimeout(entry.timer);
    }
    conn.confirming = [];
  }

  /** @param {Conn} conn */
  _retire(conn) {
    conn.retired = true;
    conn.done = true;
    this._endConfirmations(conn);
    try {
      conn.ws.close(1000, 'replaced');
    } catch {
      // Already closing.
    }
  }

  /** @param {Conn} conn */
  _onSocketEnd(conn) {
    if (conn.done) return;
    conn.done = true;
    this._endConfirmations(conn);
    try {
      conn.ws.close();
    } catch {
      // An error event may come before the socket can be closed; the close event follows anyway.
    }
    if (this._state === 'closed') return;
    if (conn === this._next) {
      this._next = null;
      this._problem('the planned replacement socket failed', undefined);
      this._plannedFailed();
      return;
    }
    if (conn !== this._conn) return;
    this._conn = null;
    this._planning = null;
    this._clearConnectionTimers();
    if (this._next) {
      this._retire(this._next);
      this._next = null;
    }
    // A connection that stayed open long enough counts as good: the schedule starts over.
    if (conn.opened && this._clock.now() - conn.openedAt >= this._reconnect.resetAfterMs) this._attempt = 0;
    this._scheduleReconnect();
  }

  _scheduleReconnect() {
    if (this._state === 'closed') return;
    if (this._attempt >= this._reconnect.maxAttempts) {
      this._shutdown('maxAttempts');
      return;
    }
    this._attempt += 1;
    const delayMs = backoffDelay(this._attempt, this._reconnect, this._random);
    this._setState('reconnecting', { attempt: this._attempt, delayMs });
    this._reconnectTimer = this._clock.setTimeout(() => {
      this._reconnectTimer = undefined;
      this._startOpen(false);
    }, delayMs);
  }

  _plannedFailed() {
    if (this._state === 'closed' || this._conn === null) return;
    this._plannedAttempt += 1;
    const delay = backoffDelay(this._plannedAttempt, this._reconnect, this._random);
    if (this._ageTimer !== undefined) this._clock.clearTimeout(this._ageTimer);
    this._ageTimer = this._clock.setTimeout(() => this._plannedReconnect(), delay);
  }

  _armAge() {
    if (this._ageTimer !== undefined) this._clock.clearTimeout(this._ageTimer);
    this._ageTimer = undefined;
    if (!(this._maxConnectionAgeMs > 0) || !Number.isFinite(this._maxConnectionAgeMs)) return;
    this._ageTimer = this._clock.setTimeout(() => this._plannedReconnect(), this._maxConnectionAgeMs);
  }

  /**
   * The browser is back online: a socket that looked open through the outage may be dead or
   * stalled (Chromium holds a socket's frames while offline rather than closing it), so it is
   * replaced the planned way and every post caught up; a pending reconnect goes at once.
   */
  _backOnline() {
    if (this._isClosed()) return;
    if (this._state === 'reconnecting' && this._reconnectTimer !== undefined) {
      this._clock.clearTimeout(this._reconnectTimer);
      this._reconnectTimer = undefined;
      this._startOpen(false);
    } else if (this._state === 'open' && !this._next && !this._planning) {
      if (this._ageTimer !== undefined) this._clock.clearTimeout(this._ageTimer);
      this._plannedReconnect();
    }
    // Reads that failed while offline go again now rather than after their backoff.
    for (const post of [...this._posts.values()]) this._hurry(post);
  }

  _plannedReconnect() {
    this._ageTimer = undefined;
    if (this._state !== 'open' || this._next || this._planning) return;
    this._startOpen(true);
  }

  /** @param {Conn} conn */
  _armPing(conn) {
    if (this._pingTimer !== undefined) this._clock.clearTimeout(this._pingTimer);
    this._pingTimer = undefined;
    if (!(this._pingIntervalMs > 0) || !Number.isFinite(this._pingIntervalMs)) return;
    const due = conn.lastSentAt + this._pingIntervalMs;
    this._pingTimer = this._clock.setTimeout(() => {
      this._pingTimer = undefined;
      if (conn !== this._conn || conn.done) return;
      if (this._clock.now() - conn.lastSentAt >= this._pingIntervalMs) {
        this._send(conn, { action: 'ping' });
        this._awaitPong(conn);
      } else {
        this._armPing(conn);
      }
    }, Math.max(0, due - this._clock.now()));
  }

  /**
   * The service answers a ping with a pong (CONTRACT §4). A socket that brings nothing back in
   * time is taken for dead (a network that vanished without a close frame) and replaced.
   * @param {Conn} conn
   */
  _awaitPong(conn) {
    if (!(this._pongTimeoutMs > 0) || !Number.isFinite(this._pongTimeoutMs)) return;
    if (this._pongTimer !== undefined) this._clock.clearTimeout(this._pongTimer);
    this._pongTimer = this._clock.setTimeout(() => {
      this._pongTimer = undefined;
      if (conn !== this._conn || conn.done) return;
      this._problem(`no answer to a ping within ${this._pongTimeoutMs} ms: reconnecting`, undefined);
      this._onSocketEnd(conn);
    }, this._pongTimeoutMs);
  }

  _clearConnectionTimers() {
    for (const name of /** @type {const} */ (['_pingTimer', '_pongTimer', '_ageTimer', '_reconnectTimer'])) {
      if (this[name] !== undefined) this._clock.clearTimeout(this[name]);
      this[name] = undefined;
    }
  }

  /**
   * @param {Conn} conn
   * @param {object} frame
   */
  _send(conn, frame) {
    try {
      conn.ws.send(JSON.stringify(frame));
    } catch (cause) {
      this._problem('could not send a frame', cause);
      return;
    }
    conn.lastSentAt = this._clock.now();
    if (conn === this._conn) this._armPing(conn);
  }

  /**
   * @param {'close' | 'maxAttempts'} reason
   */
  _shutdown(reason) {
    this._clearConnectionTimers();
    this._networkEvents?.removeEventListener('online', this._onOnline);
    for (const post of this._posts.values()) {
      if (post.retryTimer !== undefined) this._clock.clearTimeout(post.retryTimer);
      post.retryTimer = undefined;
    }
    for (const conn of [this._conn, this._next]) {
      if (!conn) continue;
      conn.done = true;
      this._endConfirmations(conn);
      try {
        conn.ws.close(1000, 'client closed');
      } catch {
        // Nothing to close.
      }
    }
    this._conn = null;
    this._next = null;
    this._planning = null;
    this._setState('closed', { reason });
  }

  /**
   * @param {ConnectionState} state
   * @param {object} [extra]
   */
  _setState(state, extra) {
    const previous = this._state;
    if (previous === state && state !== 'reconnecting') return;
    this._state = state;
    this._emit('state', { state, previous, ...extra });
  }

  // ---- frames and messages -------------------------------------------------------------------

  /**
   * @param {Conn} conn
   * @param {unknown} data
   */
  _onFrame(conn, data) {
    // A retired socket's last frames still count: dedupe drops what the new one also brought.
    if (this._state === 'closed') return;
    if (conn === this._conn && this._pongTimer !== undefined) {
      this._clock.clearTimeout(this._pongTimer);
      this._pongTimer = undefined;
    }
    if (typeof data !== 'string') {
      this._problem('ignored a binary frame', data);
      return;
    }
    /** @type {any} */
    let message;
    try {
      message = JSON.parse(data);
    } catch (cause) {
      this._problem('ignored a frame that is not JSON', cause);
      return;
    }
    if (message && message.type === 'batch') {
      const messages = message.data && message.data.messages;
      if (!Array.isArray(messages)) {
        this._problem('ignored a batch frame without messages', message);
      } else {
        for (const inner of messages) this._onMessage(conn, inner);
      }
    } else {
      this._onMessage(conn, message);
    }
    this._flushComments();
  }

  /**
   * @param {Conn} conn
   * @param {any} message
   */
  _onMessage(conn, message) {
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') {
      this._problem('ignored a malformed message', message);
      return;
    }
    if (typeof message.eventId === 'string') {
      if (this._seen.has(message.eventId)) return;
      this._remember(message.eventId);
    }
    const data = message.data;
    if (message.type === 'connection.info') this._onConnectionInfo(conn, data);
    const comment = COMMENT_EVENTS.has(message.type) && data;
    const post = comment ? this._posts.get(String(data.postId)) : undefined;
    // Following posts on the service, the events of other posts (e.g. while the socket briefly
    // has no subscription, or late ones of a post just unsubscribed) are not the user's.
    if (comment && !post && this._serverSubscriptions && this._posts.size > 0) return;
    if (post && Number.isInteger(data.rev)) {
      this._onPostEvent(post, message);
    } else {
      this._deliver(message);
    }
  }

  /** @param {string} eventId */
  _remember(eventId) {
    this._seen.add(eventId);
    if (this._seen.size > this._dedupeWindow) {
      // A Set iterates in insertion order: the first one is the oldest.
      const oldest = this._seen.values().next().value;
      if (oldest !== undefined) this._seen.delete(oldest);
    }
  }

  /**
   * CONTRACT §8: rev = last + 1 applies; rev ≤ last is a duplicate; a gap is held and caught up.
   * @param {PostState} post
   * @param {CommentEvent} message
   */
  _onPostEvent(post, message) {
    const rev = message.data.rev;
    if (post.lastRev !== null && rev <= post.lastRev) return;
    if (post.lastRev === null || post.syncing) {
      this._hold(post, message);
      return;
    }
    if (rev === post.lastRev + 1) {
      this._apply(post, message);
      this._drainHeld(post);
      return;
    }
    this._hold(post, message);
    this._sync(post, 'gap');
  }

  /**
   * Keeps an event until the revs before it are known. Past maxHeldEvents the held events are
   * dropped and the post is caught up from the change log (or re-read after 410) instead: every
   * change still arrives, from the log rather than from memory.
   * @param {PostState} post
   * @param {CommentEvent} message
   */
  _hold(post, message) {
    const rev = message.data.rev;
    if (post.held.has(rev)) return;
    if (post.held.size < this._maxHeldEvents) {
      post.held.set(rev, message);
      return;
    }
    const count = post.held.size + 1;
    post.held.clear();
    this._problem(`${count} events of post ${post.postId} waited, more than maxHeldEvents: dropped them, the post is caught up from the change log instead`, undefined);
    // Before the first read there is nothing to catch up: that read's baseline covers them.
    if (post.lastRev === null && !post.syncing) return;
    this._sync(post, 'gap');
  }

  /**
   * Applies held events that follow on; held ones at or below the baseline are dropped.
   * @param {PostState} post
   */
  _drainHeld(post) {
    if (post.lastRev === null) return;
    for (const rev of [...post.held.keys()]) {
      if (rev <= post.lastRev) post.held.delete(rev);
    }
    let next;
    while (post.lastRev !== null && (next = post.held.get(post.lastRev + 1)) !== undefined) {
      post.held.delete(post.lastRev + 1);
      this._apply(post, next);
    }
  }

  /**
   * @param {PostState} post
   * @param {CommentEvent} message
   */
  _apply(post, message) {
    const data = message.data;
    const rev = data.rev;
    const commentId = data.comment?.id ?? data.commentId;
    if (commentId !== undefined) {
      const current = post.comments.get(commentId);
      // A comment's state is replaced only by a change newer than the state it has (§8).
      if (!current || !(current.rev >= rev)) {
        const deleted = message.type === 'comment.updated' && message.data.action === 'deleted';
        if (deleted || !data.comment) {
          if (current) post.comments.delete(commentId);
        } else {
          post.comments.set(commentId, data.comment);
        }
        this._dirty.add(post);
      }
    }
    post.lastRev = rev;
    this._deliver(message);
  }

  /** @param {LiveMessage} message */
  _deliver(message) {
    this._emit(message.type, message);
    this._emit('message', message);
  }

  _flushComments() {
    if (this._dirty.size === 0) return;
    const dirty = [...this._dirty];
    this._dirty.clear();
    for (const post of dirty) {
      if (!post.forgotten) this._emit('comments', { postId: post.postId, comments: sortedComments(post) });
    }
  }

  // ---- catch-up and snapshots ------------------------------------------------------------------

  /** @param {string} postId */
  _track(postId) {
    /** @type {PostState} */
    const post = {
      postId,
      lastRev: null,
      comments: new Map(),
      held: new Map(),
      syncing: false,
      pending: null,
      forgotten: false,
      retryTimer: undefined,
      retryReason: undefined,
      failures: 0,
      awaiting: null,
    };
    this._posts.set(postId, post);
    return post;
  }

  /**
   * Brings a post up to date: an initial load, a catch-up after a gap or a reconnect. One at a
   * time per post; a request made meanwhile runs after it (a reconnect may have happened after
   * the running one read).
   * @param {PostState} post
   * @param {'initial' | 'gap' | 'reconnect'} reason
   */
  _sync(post, reason) {
    if (post.forgotten || this._state === 'closed') return;
    if (post.syncing) {
      if (post.pending !== 'reconnect') post.pending = reason === 'reconnect' ? 'reconnect' : 'gap';
      return;
    }
    post.syncing = true;
    this._startSync(post, post.lastRev === null ? 'initial' : reason);
  }

  /**
   * Runs _runSync; a throw it did not handle is reported and the sync retried with backoff.
   * @param {PostState} post
   * @param {'initial' | 'expired' | 'gap' | 'reconnect'} reason
   */
  _startSync(post, reason) {
    this._runSync(post, reason).catch((cause) => {
      if (this._isGone(post)) return;
      this._problem(`bringing post ${post.postId} up to date failed`, cause);
      if (post.retryTimer === undefined) {
        post.syncing = true;
        this._retrySync(post, reason);
      }
    });
  }

  /**
   * A sync waiting out its retry delay runs now, its failures forgotten: the connection (or the
   * network) is back, so the reason it failed likely is gone.
   * @param {PostState} post
   */
  _hurry(post) {
    if (post.retryTimer === undefined || this._isGone(post)) return;
    this._clock.clearTimeout(post.retryTimer);
    post.retryTimer = undefined;
    post.failures = 0;
    post.pending = 'reconnect';
    this._retryNow(post, post.retryReason ?? 'reconnect');
  }

  /**
   * @param {PostState} post
   * @param {'initial' | 'expired' | 'gap' | 'reconnect'} reason
   */
  async _runSync(post, reason) {
    const revBefore = post.lastRev;
    try {
      if (reason === 'initial' || reason === 'expired') {
        await this._readPost(post, reason);
      } else {
        const expired = await this._catchUp(post, reason);
        if (expired && !this._isGone(post)) await this._readPost(post, 'expired');
      }
    } catch (cause) {
      if (this._isGone(post)) return;
      this._problem(`could not ${reason === 'initial' || reason === 'expired' ? 'read' : 'catch up'} post ${post.postId}`, cause);
      this._retrySync(post, reason);
      return;
    }
    if (this._isGone(post)) return;
    this._drainHeld(post);
    this._flushComments();
    const stuck = post.held.size > 0 && post.lastRev === revBefore;
    if (stuck && post.pending !== 'reconnect') {
      // The log did not yet show the revs before a held event (a read that lags the push): wait
      // with backoff rather than asking again at once; the held events stay.
      this._retrySync(post, 'gap');
      return;
    }
    post.failures = 0;
    post.syncing = false;
    const pending = post.pending;
    post.pending = null;
    // Events beyond a gap that the read did not reach, or a reconnect during the read: go again.
    if (pending) this._sync(post, pending);
    else if (post.held.size > 0) this._sync(post, 'gap');
  }

  /**
   * Runs the post's sync again after the backoff schedule's delay; the post stays syncing, so
   * events keep being held.
   * @param {PostState} post
   * @param {'initial' | 'expired' | 'gap' | 'reconnect'} reason
   */
  _retrySync(post, reason) {
    post.failures += 1;
    const delay = backoffDelay(post.failures, this._reconnect, this._random);
    post.retryReason = reason;
    post.retryTimer = this._clock.setTimeout(() => {
      post.retryTimer = undefined;
      this._retryNow(post, reason);
    }, delay);
  }

  /**
   * @param {PostState} post
   * @param {'initial' | 'expired' | 'gap' | 'reconnect'} reason
   */
  _retryNow(post, reason) {
    if (this._isGone(post)) return;
    const pending = post.pending;
    post.pending = null;
    const next = post.lastRev === null ? 'initial' : reason === 'initial' || reason === 'expired' ? reason : (pending ?? reason);
    this._startSync(post, next);
  }

  /** @param {PostState} post */
  _isGone(post) {
    return post.forgotten || this._isClosed();
  }

  /** A method, so that type narrowing does not outlive an await. */
  _isClosed() {
    return this._state === 'closed';
  }

  /**
   * Applies /changes after lastRev, page by page. Returns true on 410 changes-expired.
   * @param {PostState} post
   * @param {'gap' | 'reconnect'} reason
   */
  async _catchUp(post, reason) {
    const afterRev = /** @type {number} */ (post.lastRev);
    let cursor = afterRev;
    let count = 0;
    let headRev = afterRev;
    for (;;) {
      const url = `${this._requireApiBase()}/posts/${encodeURIComponent(post.postId)}/changes?afterRev=${cursor}&limit=${this._changesPageLimit}`;
      const response = await this._get(url);
      if (this._isGone(post)) return false;
      if (response.status === 410 && response.body && response.body.type === CHANGES_EXPIRED) return true;
      if (!response.ok) throw httpError(url, response);
      const page = /** @type {import('./index.d.ts').ChangePage} */ (response.body);
      headRev = Math.max(headRev, page.headRev ?? 0);
      for (const change of page.changes ?? []) {
        if (post.lastRev !== null && change.rev <= post.lastRev) continue;
        // Its synthetic eventId is not remembered: rev tracking dedupes it, and it would push
        // real eventIds out of the dedupe window.
        this._apply(post, changeEvent(post.postId, change));
        count += 1;
      }
      this._flushComments();
      if (page.nextAfterRev === null || page.nextAfterRev === undefined || page.nextAfterRev <= cursor) break;
      cursor = page.nextAfterRev;
    }
    this._emit('catchup', { postId: post.postId, afterRev, headRev, count, reason });
    return false;
  }

  /**
   * Reads the post's comments (afterSeq paging) and makes the first page's headRev, read before
   * the comments, the baseline. Without loadComments, only the baseline is read.
   * @param {PostState} post
   * @param {'initial' | 'expired'} reason
   */
  async _readPost(post, reason) {
    const base = `${this._requireApiBase()}/posts/${encodeURIComponent(post.postId)}/comments`;
    const full = this._loadComments || reason === 'expired';
    /** @type {Map<string, Comment>} */
    const comments = new Map();
    /** @type {number | null} */
    let headRev = null;
    let afterSeq = 0;
    for (;;) {
      const limit = full ? this._commentsPageLimit : 1;
      const url = `${base}?limit=${limit}&afterSeq=${afterSeq}&order=asc`;
      const response = await this._get(url);
      if (this._isGone(post)) return;
      if (!response.ok) throw httpError(url, response);
      const page = /** @type {import('./index.d.ts').CommentPage} */ (response.body);
      if (headRev === null) headRev = page.headRev ?? 0;
      if (!full) break;
      for (const comment of page.comments ?? []) comments.set(comment.id, comment);
      if (page.nextAfterSeq === null || page.nextAfterSeq === undefined || page.nextAfterSeq <= afterSeq) break;
      afterSeq = page.nextAfterSeq;
    }
    const baseline = /** @type {number} */ (headRev);
    if (full) {
      post.comments = comments;
      post.lastRev = baseline;
      // Later pages may hold comments newer than the baseline; the per-comment rev rule keeps
      // the changes between from turning them back.
      this._emit('snapshot', { postId: post.postId, comments: sortedComments(post), headRev: baseline, reason });
      this._dirty.add(post);
    } else {
      post.lastRev = baseline;
    }
  }

  _requireApiBase() {
    if (!this._apiBase) throw new Error('options.apiBase is needed to read posts and changes');
    return this._apiBase;
  }

  /**
   * @param {string} url
   * @returns {Promise<{ok: boolean, status: number, body: any}>}
   */
  async _get(url) {
    if (!this._fetch) throw new Error('no fetch implementation (pass options.fetch)');
    const response = await this._fetch(url, { headers: { Accept: 'application/json, application/problem+json' } });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return { ok: response.ok, status: response.status, body };
  }

  // ---- events ----------------------------------------------------------------------------------

  /**
   * @param {string} type
   * @param {any} event
   */
  _emit(type, event) {
    const set = this._handlers.get(type);
    if (!set || set.size === 0) return;
    for (const handler of [...set]) {
      try {
        handler(event);
      } catch (cause) {
        // One handler's bug must not keep the event from the others, nor break the client.
        if (type !== 'problem') this._problem(`a '${type}' handler threw`, cause);
      }
    }
  }

  /**
   * @param {string} message
   * @param {unknown} cause
   */
  _problem(message, cause) {
    this._emit('problem', { message, cause });
  }
}

/**
 * A /changes entry as the push it stands for, marked catchUp; its eventId is
 * `change:<postId>:<rev>`.
 * @param {string} postId
 * @param {Change} change
 * @returns {CommentEvent}
 */
export function changeEvent(postId, change) {
  const eventId = `change:${postId}:${change.rev}`;
  const { rev, commentId } = change;
  if (change.action === 'created') {
    const comment = /** @type {Comment} */ (change.comment);
    return { type: 'comment.created', eventId, data: { postId, rev, commentId, comment }, timestamp: change.at, catchUp: true };
  }
  const action = change.action === 'deleted' ? 'deleted' : 'updated';
  const comment = action === 'deleted' ? null : change.comment;
  return { type: 'comment.updated', eventId, data: { postId, rev, commentId, action, comment }, timestamp: change.at, catchUp: true };
}

/**
 * A post id with a lone surrogate cannot be put in a URL (encodeURIComponent throws URIError).
 * @param {string} postId
 * @param {string} where
 */
function checkPostId(postId, where) {
  try {
    encodeURIComponent(postId);
  } catch {
    throw new TypeError(`${where}: the post id ${JSON.stringify(postId)} is not well-formed Unicode`);
  }
}

/** @param {PostState} post */
function sortedComments(post) {
  return [...post.comments.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * @param {string} url
 * @param {{status: number, body: any}} response
 */
function httpError(url, response) {
  const detail = response.body && (response.body.detail || response.body.title);
  const error = new Error(`GET ${url} answered ${response.status}${detail ? ': ' + detail : ''}`);
  /** @type {any} */ (error).status = response.status;
  return error;
}

/**
 * @typedef {object} Conn
 * @property {WebSocketLike} ws
 * @property {Set<string>} subscribed posts this socket is subscribed to (URL, then frames)
 * @property {number} openedAt
 * @property {number} lastSentAt
 * @property {boolean} opened
 * @property {boolean} done closed, failed or retired: its events no longer count
 * @property {boolean} retired replaced by a planned reconnect, or closed by us
 * @property {Confirmation[]} confirming subscriptions by frame waiting for connection.info
 * @property {any} whoamiTimer
 */

/**
 * @typedef {object} Confirmation
 * @property {Set<string>} ids posts not yet listed by connection.info
 * @property {any} timer
 * @property {() => void} done
 */

/**
 * @typedef {object} PostState
 * @property {string} postId
 * @property {number | null} lastRev the highest rev applied; null before the first read
 * @property {Map<string, Comment>} comments
 * @property {Map<number, CommentEvent>} held events waiting for a read or for the revs before them
 * @property {boolean} syncing a read or catch-up is running (or waiting to retry)
 * @property {'initial' | 'gap' | 'reconnect' | null} pending another sync asked for meanwhile
 * @property {boolean} forgotten unsubscribed: results of reads in flight are dropped
 * @property {any} retryTimer
 * @property {'initial' | 'expired' | 'gap' | 'reconnect' | undefined} retryReason what the waiting retry is for
 * @property {number} failures
 * @property {Conn | null} awaiting the socket whose subscription is being confirmed before the read
 */
