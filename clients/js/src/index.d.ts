// Types of @livecomments/client (CONTRACT §3, §5, §8, §11).

/** A comment as the REST API and the pushes carry it (CONTRACT §3). */
export interface Comment {
  id: string;
  postId: string;
  /** Per-post creation number: 1, 2, 3…; the client's lists are ordered by it. */
  seq: number;
  /** The post's change number of this comment's latest change (CONTRACT §8). */
  rev: number;
  /** As sent by its author, unescaped: insert it as text (textContent), never as HTML. */
  content: string;
  userId: string;
  username: string;
  createdAt: string;
  updatedAt: string;
}

/** GET …/posts/{postId}/comments (CONTRACT §3). */
export interface CommentPage {
  postId: string;
  comments: Comment[];
  count: number;
  nextAfterSeq: number | null;
  nextBeforeSeq: number | null;
  /** The post's change number, read before the comments. */
  headRev: number;
}

/** One entry of GET …/posts/{postId}/changes (CONTRACT §8). */
export interface Change {
  rev: number;
  action: 'created' | 'updated' | 'deleted';
  commentId: string;
  /** The comment as this change left it; null for 'deleted'. */
  comment: Comment | null;
  at: string;
}

/** GET …/posts/{postId}/changes (CONTRACT §8). */
export interface ChangePage {
  postId: string;
  changes: Change[];
  count: number;
  nextAfterRev: number | null;
  headRev: number;
}

/** Every pushed message (CONTRACT §5). */
export interface LiveMessage<T extends string = string, D = any> {
  type: T;
  eventId: string;
  data: D;
  timestamp: string;
  /** True on events synthesized from /changes during a catch-up. */
  catchUp?: boolean;
}

export interface CommentCreatedData {
  postId: string;
  rev: number;
  comment: Comment;
  /** Present on catch-up events (the comment's id). */
  commentId?: string;
}

export interface CommentUpdatedData {
  postId: string;
  rev: number;
  commentId: string;
  action: 'updated' | 'deleted';
  /** null when action is 'deleted'. */
  comment: Comment | null;
}

export type CommentCreatedEvent = LiveMessage<'comment.created', CommentCreatedData>;
export type CommentUpdatedEvent = LiveMessage<'comment.updated', CommentUpdatedData>;
export type CommentEvent = CommentCreatedEvent | CommentUpdatedEvent;

export type CommentsListEvent = LiveMessage<
  'comments.list',
  CommentPage & { part: number; parts: number }
>;
export type ConnectionInfoEvent = LiveMessage<'connection.info', { connectionId: string; subscriptions: string[] }>;
export type PongEvent = LiveMessage<'pong', Record<string, unknown>>;
export type TestEvent = LiveMessage<'test', { message: string }>;
/** The server's answer to a frame it did not understand (CONTRACT §4), not a client problem. */
export type ServerErrorEvent = LiveMessage<'error', { message: string }>;

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StateEvent {
  state: ConnectionState;
  /** null on the first event: the initial 'connecting', emitted in the microtask after connect(). */
  previous: ConnectionState | null;
  /** 'reconnecting' only: the attempt about to be made, 1-based. */
  attempt?: number;
  /** 'reconnecting' only: the wait before that attempt. */
  delayMs?: number;
  /** 'closed' only: close() was called, or reconnect.maxAttempts ran out. */
  reason?: 'close' | 'maxAttempts';
}

export interface SnapshotEvent {
  postId: string;
  /** Ordered by seq. */
  comments: Comment[];
  /** The rev baseline: every change with a greater rev is applied after it. */
  headRev: number;
  /** 'initial' on subscribe, 'expired' for the full re-read after 410 changes-expired. */
  reason: 'initial' | 'expired';
}

export interface CatchUpEvent {
  postId: string;
  /** The last rev applied before the catch-up read /changes?afterRev=. */
  afterRev: number;
  /** The post's headRev as the last /changes page reported it. */
  headRev: number;
  /** Changes applied from /changes. */
  count: number;
  /** 'gap': an event skipped revs; 'reconnect': after any reconnect, planned or not. */
  reason: 'gap' | 'reconnect';
}

export interface CommentsEvent {
  postId: string;
  /** live.comments(postId) after the change. */
  comments: Comment[];
}

/** A client-side problem (a failed read, a malformed frame, a handler that threw). */
export interface ProblemEvent {
  message: string;
  cause: unknown;
}

export interface EventMap {
  state: StateEvent;
  snapshot: SnapshotEvent;
  catchup: CatchUpEvent;
  comments: CommentsEvent;
  problem: ProblemEvent;
  'comment.created': CommentCreatedEvent;
  'comment.updated': CommentUpdatedEvent;
  'comments.list': CommentsListEvent;
  'connection.info': ConnectionInfoEvent;
  pong: PongEvent;
  test: TestEvent;
  error: ServerErrorEvent;
  /** Every message after batch unwrapping and dedupe, exactly as the typed handlers see it. */
  message: LiveMessage;
}

export interface ReconnectOptions {
  /** Base delay of the first attempt. Default 1000. */
  initialDelayMs?: number;
  /** Cap of the base delay. Default 30000. */
  maxDelayMs?: number;
  /** Growth of the base delay per attempt. Default 2. */
  factor?: number;
  /** Attempts after a drop before the state becomes 'closed'. Default Infinity. */
  maxAttempts?: number;
  /** 'equal' (default): a delay in [base/2, base); 'full': in [0, base). */
  jitter?: 'equal' | 'full';
  /** A connection open at least this long resets the attempt count. Default 5000. */
  resetAfterMs?: number;
}

/** Timers and time; defaults to globalThis.setTimeout/clearTimeout and Date.now, looked up per call. */
export interface Clock {
  setTimeout(fn: () => void, ms: number): any;
  clearTimeout(id: any): void;
  now(): number;
}

/** The part of the WebSocket API the client uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: any) => void) | null;
  onclose: ((event: any) => void) | null;
  onerror: ((event: any) => void) | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type FetchLike = (
  url: string,
  init?: { headers?: Record<string, string> },
) => Promise<{ ok: boolean; status: number; json(): Promise<any> }>;

export interface ConnectOptions {
  /** WebSocket URL, e.g. 'ws://localhost:8080/ws' or 'wss://abc.execute-api.eu-west-1.amazonaws.com/prod'. */
  url: string;
  /** REST base, e.g. 'http://localhost:8080/api/v1': comments and /changes are read there. */
  apiBase?: string;
  /** Posts to follow. [] (default): no subscription, so the socket gets every post's events,
   * passed through with dedupe by eventId only. At most 100 (the service's limit). While at least
   * one post is followed (and serverSubscriptions is true), comment events of other posts are
   * dropped, not passed to handlers. A post id that is not well-formed Unicode is a TypeError. */
  postIds?: string[];
  /** Sent as the `token` query parameter; a function is called before each connect. */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Ask for batch frames (batch=1). Default true. */
  batch?: boolean;
  /** On subscribe, read the post's comments and emit 'snapshot' (default true). false: only the
   * rev baseline is read (GET …/comments?limit=1), and comments() shows what changed since. */
  loadComments?: boolean;
  /** Undefined values keep the defaults; a negative, NaN or infinite number (maxAttempts may be
   * Infinity) or an unknown jitter makes connect() throw a TypeError. */
  reconnect?: ReconnectOptions;
  /** Send {"action":"ping"} when nothing was sent for this long. Default 300000 (5 min). */
  pingIntervalMs?: number;
  /** After a ping, a socket that receives nothing for this long is taken for dead and
   * reconnected. Default 10000; 0 turns it off. */
  pongTimeoutMs?: number;
  /** true (default): followed posts are subscribed on the service (URL and frames), so the
   * socket gets only their events. false: the socket subscribes to nothing and so gets every
   * post's events (e.g. for notices about other posts); followed posts are still tracked. */
  serverSubscriptions?: boolean;
  /** How long a subscribe frame waits for connection.info (asked with whoami) to list the post
   * before the post is read anyway. Default 3000; 0: read at once. */
  confirmSubscribeMs?: number;
  /** Where 'online' events come from; default globalThis when it has addEventListener (a
   * browser window). On 'online' an open socket is replaced the planned way (then every post is
   * caught up) and a waiting reconnect goes at once. null: ignore them. */
  networkEvents?: { addEventListener(type: 'online', listener: () => void): void; removeEventListener(type: 'online', listener: () => void): void } | null;
  /** Events of a post kept while it is read or a gap is caught up, at most. Past it they are
   * dropped (reported as a 'problem') and the post is caught up from the change log instead, so no
   * change is lost. Default 10000. */
  maxHeldEvents?: number;
  /** Planned reconnect (new socket first) after this long. Default 6600000 (110 min). */
  maxConnectionAgeMs?: number;
  /** Default globalThis.WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** Default globalThis.fetch. */
  fetch?: FetchLike;
  /** Default Math.random; used for the jitter. */
  random?: () => number;
  clock?: Clock;
  /** How many recent eventIds are remembered for dedupe. Default 1000. */
  dedupeWindow?: number;
  /** limit of /changes pages. Default 500 (the service's maximum). */
  changesPageLimit?: number;
  /** limit of comment pages. Default 100 (the service's maximum). */
  commentsPageLimit?: number;
}

export declare class LiveComments {
  constructor(options: ConnectOptions);
  /** 'connecting' from the start, also emitted as the first 'state' event (previous null) in the
   * microtask after connect(); every change after that is a 'state' event too. */
  readonly state: ConnectionState;
  /** The posts followed, in subscription order. */
  readonly postIds: string[];
  on<K extends keyof EventMap>(type: K, handler: (event: EventMap[K]) => void): () => void;
  on(type: string, handler: (event: any) => void): () => void;
  off<K extends keyof EventMap>(type: K, handler: (event: EventMap[K]) => void): void;
  off(type: string, handler: (event: any) => void): void;
  /** Follow a post: subscribes (frame now, or the next socket's URL) and reads it. */
  subscribe(postId: string): void;
  /** Stop following a post and forget its state. */
  unsubscribe(postId: string): void;
  /** The client's view of a followed post, ordered by seq; [] for a post not followed. */
  comments(postId: string): Comment[];
  /** Send a client frame (e.g. {action: 'whoami'}); false when no socket is open. */
  send(frame: object): boolean;
  /** State 'closed': no more reconnects, timers cleared, sockets closed. */
  close(): void;
}

export declare function connect(options: ConnectOptions): LiveComments;

/** The delay before reconnect attempt `attempt` (1-based). */
export declare function backoffDelay(
  attempt: number,
  options: Required<ReconnectOptions>,
  random: () => number,
): number;

/** A /changes entry as the event it stands for: eventId `change:<postId>:<rev>`, catchUp true. */
export declare function changeEvent(postId: string, change: Change): CommentEvent;

export declare const CHANGES_EXPIRED: 'urn:livecomments:problem:changes-expired';
