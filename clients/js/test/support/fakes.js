// Test doubles for the client's unit tests: a clock, a WebSocket and a service behind fetch.
import { connect } from '../../src/index.js';

/** Lets promise chains started by the client (fetches, token functions) run to their end. */
export async function settle() {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Timers that run only when a test moves time on. */
export class FakeClock {
  constructor() {
    this.time = 0;
    this.nextId = 1;
    /** @type {Map<number, {at: number, fn: () => void, ms: number}>} */
    this.timers = new Map();
    this.setTimeout = (fn, ms) => {
      const id = this.nextId++;
      this.timers.set(id, { at: this.time + ms, fn, ms });
      return id;
    };
    this.clearTimeout = (id) => {
      this.timers.delete(id);
    };
    this.now = () => this.time;
  }

  /** Moves time on by ms, running each timer due on the way (in time order) and settling after it. */
  async tick(ms) {
    const end = this.time + ms;
    for (;;) {
      let next;
      for (const [id, timer] of this.timers) {
        if (timer.at <= end && (!next || timer.at < next[1].at)) next = [id, timer];
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
      await settle();
    }
    this.time = end;
    await settle();
  }

  /** The delays (as set) of the timers still waiting. */
  pendingDelays() {
    return [...this.timers.values()].map((t) => t.ms);
  }
}

/** A WebSocket class whose instances the test opens, feeds and drops. */
export function fakeWebSockets({ answerWhoami = true } = {}) {
  /** @type {FakeSocket[]} */
  const sockets = [];
  class FakeSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      this.closedByClient = null;
      this.onopen = null;
      this.onmessage = null;
      this.onclose = null;
      this.onerror = null;
      /** The service's view of this connection's subscriptions: the URL's, then the frames'. */
      this.subscriptions = new Set((this.query.get('postId') ?? '').split(',').filter(Boolean));
      this.answerWhoami = answerWhoami;
      sockets.push(this);
    }
    get query() {
      return new URL(this.url).searchParams;
    }
    send(data) {
      if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
      const frame = JSON.parse(data);
      this.sent.push(frame);
      if (frame.action === 'subscribe') this.subscriptions.add(frame.postId);
      if (frame.action === 'unsubscribe') this.subscriptions.delete(frame.postId);
      if (frame.action === 'whoami' && this.answerWhoami) {
        const subscriptions = [...this.subscriptions];
        queueMicrotask(() => {
          if (this.readyState === 1) {
            this.deliver({ type: 'connection.info', eventId: crypto.randomUUID(), data: { connectionId: 'fake=', subscriptions }, timestamp: 'now' });
          }
        });
      }
    }
    close(code, reason) {
      if (this.readyState >= 2) return;
      this.closedByClient = { code, reason };
      this.readyState = 3;
      queueMicrotask(() => this.onclose?.({ code: code ?? 1005, reason: reason ?? '' }));
    }
    open() {
      this.readyState = 1;
      this.onopen?.({});
    }
    /** @param {object | string} message */
    deliver(message) {
      this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
    }
    deliverBatch(messages) {
      this.deliver({ type: 'batch', eventId: crypto.randomUUID(), data: { messages }, timestamp: new Date(0).toISOString() });
    }
    /** The server or the network ends the connection. */
    drop(code = 1006) {
      this.readyState = 3;
      this.onclose?.({ code, reason: '' });
    }
    /** The handshake fails: error, then close, as browsers report it. */
    fail() {
      this.readyState = 3;
      this.onerror?.({});
      this.onclose?.({ code: 1006, reason: '' });
    }
    /** The frames sent, whoami (the client's own subscription checks) left out unless asked for. */
    frames(action) {
      return this.sent.filter((f) => (action ? f.action === action : f.action !== 'whoami'));
    }
  }
  return { WebSocket: FakeSocket, sockets, last: () => sockets[sockets.length - 1] };
}

/** The service's comments, change log and REST reads (CONTRACT §3, §8), behind a fetch function. */
export class FakeService {
  constructor() {
    /** @type {Map<string, {rev: number, seq: number, comments: Map<string, any>, log: any[], keptFrom: number}>} */
    this.posts = new Map();
    /** @type {string[]} */
    this.calls = [];
    /** Failures to answer next: 'network' throws, a number answers that status. */
    this.failNext = [];
    /** When set, every request waits for it. */
    this.gate = null;
    this.fetch = async (url) => {
      this.calls.push(url);
      if (this.gate) await this.gate;
      const failure = this.failNext.shift();
      if (failure === 'network') throw new TypeError('Failed to fetch');
      if (typeof failure === 'number') return response(failure, { type: 'about:blank', title: 'Failure', status: failure });
      return this.answer(new URL(url));
    };
  }

  post(postId) {
    let post = this.posts.get(postId);
    if (!post) this.posts.set(postId, (post = { rev: 0, seq: 0, comments: new Map(), log: [], keptFrom: 1 }));
    return post;
  }

  /** Creates a comment and returns the comment.created message the service would push. */
  create(postId, content) {
    const post = this.post(postId);
    const rev = ++post.rev;
    const seq = ++post.seq;
    const at = new Date(rev * 1000).toISOString();
    const comment = { id: `c${seq}-${postId}`, postId, seq, rev, content, userId: 'alice', username: 'alice', createdAt: at, updatedAt: at };
    post.comments.set(comment.id, comment);
    post.log.push({ rev, action: 'created', commentId: comment.id, comment, at });
    return message('comment.created', { postId, rev, comment }, at);
  }

  edit(postId, commentId, content) {
    const post = this.post(postId);
    const rev = ++post.rev;
    const at = new Date(rev * 1000).toISOString();
    const comment = { ...post.comments.get(commentId), content, rev, updatedAt: at };
    post.comments.set(commentId, comment);
    post.log.push({ rev, action: 'updated', commentId, comment, at });
    return message('comment.updated', { postId, rev, commentId, action: 'updated', comment }, at);
  }

  remove(postId, commentId) {
    const post = this.post(postId);
    const rev = ++post.rev;
    const at = new Date(rev * 1000).toISOString();
    post.comments.delete(commentId);
    post.log.push({ rev, action: 'deleted', commentId, comment: null, at });
    return message('comment.updated', { postId, rev, commentId, action: 'deleted', comment: null }, at);
  }

  /** The log no longer keeps changes up to rev (retention). */
  expireUpTo(postId, rev) {
    this.post(postId).keptFrom = rev + 1;
  }

  /** The comments as GET …/comments lists them, ordered by seq. */
  list(postId) {
    return [...this.post(postId).comments.values()].sort((a, b) => a.seq - b.seq);
  }

  changesCalls() {
    return this.calls.filter((c) => c.includes('/changes'));
  }

  answer(url) {
    const match = url.pathname.match(/^\/api\/v1\/posts\/([^/]+)\/(comments|changes)$/);
    if (!match) return response(404, { type: 'about:blank', title: 'Not Found', status: 404 });
    const postId = decodeURIComponent(match[1]);
    const post = this.post(postId);
    const limit = Number(url.searchParams.get('limit') ?? 10);
    if (match[2] === 'comments') {
      const afterSeq = Number(url.searchParams.get('afterSeq') ?? 0);
      const all = this.list(postId).filter((c) => c.seq > afterSeq);
      const comments = all.slice(0, limit);
      const more = all.length > limit;
      return response(200, {
        postId,
        comments,
        count: comments.length,
        nextAfterSeq: more ? comments[comments.length - 1].seq : null,
        nextBeforeSeq: null,
        headRev: post.rev,
      });
    }
    const afterRev = Number(url.searchParams.get('afterRev') ?? 0);
    if (afterRev + 1 < post.keptFrom && afterRev < post.rev) {
      return response(410, {
        type: 'urn:livecomments:problem:changes-expired',
        title: 'Changes expired',
        status: 410,
        detail: `changes after ${afterRev} are no longer kept`,
      });
    }
    const changes = post.log.filter((c) => c.rev > afterRev).slice(0, limit);
    const last = changes.length ? changes[changes.length - 1].rev : afterRev;
    return response(200, {
      postId,
      changes,
      count: changes.length,
      nextAfterRev: last < post.rev ? last : null,
      headRev: post.rev,
    });
  }
}

function message(type, data, timestamp) {
  return { type, eventId: crypto.randomUUID(), data, timestamp };
}

function response(status, body) {
  return { ok: status >= 200 && status < 300, status, json: async () => structuredClone(body) };
}

export const EVENT_TYPES = [
  'state', 'snapshot', 'catchup', 'comments', 'problem', 'message',
  'comment.created', 'comment.updated', 'comments.list', 'connection.info', 'pong', 'test', 'error',
];

/**
 * A client on fakes, with every event recorded in `events` as [type, event].
 * @param {Partial<import('../../src/index.d.ts').ConnectOptions>} [options]
 */
export function setup(options = {}) {
  const clock = new FakeClock();
  const service = new FakeService();
  const net = fakeWebSockets();
  const live = connect({
    url: 'ws://gateway.test/ws',
    apiBase: 'http://api.test/api/v1',
    WebSocket: /** @type {any} */ (net.WebSocket),
    fetch: service.fetch,
    clock,
    random: () => 0.5,
    ...options,
  });
  /** @type {[string, any][]} */
  const events = [];
  for (const type of EVENT_TYPES) live.on(type, (event) => events.push([type, event]));
  const of = (type) => events.filter(([t]) => t === type).map(([, e]) => e);
  /** The comment events handlers saw, as "rev:type[:action]" strings, catch-up ones marked. */
  const applied = () =>
    events
      .filter(([t]) => t === 'comment.created' || t === 'comment.updated')
      .map(([, e]) => `${e.data.rev}${e.catchUp ? '*' : ''}`);
  return { live, clock, service, net, events, of, applied };
}

/** A client following postId, its socket open, past its initial snapshot. */
export async function followingPost(postId, options = {}) {
  const t = setup({ postIds: [postId], ...options });
  await settle();
  t.net.last().open();
  await settle();
  return t;
}
