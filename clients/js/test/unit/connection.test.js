// The connection's life: backoff, pings, planned reconnects, subscriptions and tokens across sockets.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, connect } from '../../src/index.js';
import { fakeWebSockets, settle, setup } from '../support/fakes.js';

const P = 'post-1';
const Q = 'post-2';

const states = (t) => t.of('state').map((s) => (s.state === 'reconnecting' ? `reconnecting(${s.attempt},${s.delayMs})` : s.state));

test('reconnects on an exponential schedule with equal jitter from a fixed random, capped at maxDelayMs', async () => {
  const t = setup({ reconnect: { initialDelayMs: 1000, factor: 2, maxDelayMs: 8000 } });
  await settle();
  assert.equal(t.live.state, 'connecting');
  t.net.last().fail();
  for (const delay of [750, 1500, 3000, 6000]) {
    await t.clock.tick(delay - 1);
    assert.equal(t.net.sockets.length, t.of('state').filter((s) => s.state === 'connecting').length, `no socket before ${delay} ms`);
    await t.clock.tick(1);
    t.net.last().fail();
  }
  assert.deepEqual(states(t), [
    'connecting',
    'reconnecting(1,750)', 'connecting',
    'reconnecting(2,1500)', 'connecting',
    'reconnecting(3,3000)', 'connecting',
    'reconnecting(4,6000)', 'connecting',
    'reconnecting(5,6000)',
  ]);
  assert.deepEqual(t.of('state')[0], { state: 'connecting', previous: null });
  assert.deepEqual(t.of('state')[1], { state: 'reconnecting', previous: 'connecting', attempt: 1, delayMs: 750 });
});

test('backoffDelay: full jitter spans [0, base), equal jitter [base/2, base), both capped', () => {
  const options = { initialDelayMs: 1000, maxDelayMs: 30_000, factor: 2, maxAttempts: Infinity, jitter: /** @type {const} */ ('full'), resetAfterMs: 5000 };
  assert.equal(backoffDelay(1, options, () => 0), 0);
  assert.equal(backoffDelay(3, options, () => 0.5), 2000);
  assert.equal(backoffDelay(10, options, () => 0.999999), 30_000);
  const equal = { ...options, jitter: /** @type {const} */ ('equal') };
  assert.equal(backoffDelay(1, equal, () => 0), 500);
  assert.equal(backoffDelay(2, equal, () => 0.999999), 2000);
  assert.equal(backoffDelay(40, equal, () => 0), 15_000);
});

test('after maxAttempts failed attempts the state is closed and nothing is retried', async () => {
  const t = setup({ reconnect: { maxAttempts: 2 } });
  await settle();
  t.net.last().fail();
  await t.clock.tick(750);
  t.net.last().fail();
  await t.clock.tick(1500);
  t.net.last().fail();
  assert.equal(t.live.state, 'closed');
  assert.deepEqual(t.of('state').at(-1), { state: 'closed', previous: 'connecting', reason: 'maxAttempts' });
  await t.clock.tick(60_000);
  assert.equal(t.net.sockets.length, 3);
  assert.deepEqual(t.clock.pendingDelays(), []);
});

test('a connection that stayed open resets the attempts; one that dropped at once does not', async () => {
  const t = setup({ reconnect: { resetAfterMs: 5000 } });
  await settle();
  t.net.last().fail();
  await t.clock.tick(750);
  t.net.last().open();
  await t.clock.tick(100);
  t.net.last().drop();
  assert.equal(t.of('state').at(-1).attempt, 2, 'open for 100 ms only: the schedule goes on');
  await t.clock.tick(1500);
  t.net.last().open();
  await t.clock.tick(5000);
  t.net.last().drop();
  assert.deepEqual(t.of('state').at(-1), { state: 'reconnecting', previous: 'open', attempt: 1, delayMs: 750 });
});

test('sends a ping when nothing was sent for pingIntervalMs, and any frame sent postpones it', async () => {
  const t = setup({ pingIntervalMs: 300_000, pongTimeoutMs: 0 });
  await settle();
  const socket = t.net.last();
  socket.open();
  await t.clock.tick(299_999);
  assert.deepEqual(socket.sent, []);
  await t.clock.tick(1);
  assert.deepEqual(socket.sent, [{ action: 'ping' }]);
  await t.clock.tick(200_000);
  t.live.send({ action: 'whoami' });
  await t.clock.tick(299_999);
  assert.equal(socket.frames('ping').length, 1);
  await t.clock.tick(1);
  assert.equal(socket.frames('ping').length, 2);
  await t.clock.tick(300_000);
  assert.equal(socket.frames('ping').length, 3);
});

test('the idle ping runs on the global timers by default (node:test mock timers)', async (context) => {
  context.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const net = fakeWebSockets();
  const live = connect({ url: 'ws://gateway.test/ws', WebSocket: /** @type {any} */ (net.WebSocket) });
  await Promise.resolve();
  await Promise.resolve();
  net.last().open();
  context.mock.timers.tick(5 * 60_000 - 1);
  assert.deepEqual(net.last().sent, []);
  context.mock.timers.tick(1);
  assert.deepEqual(net.last().sent, [{ action: 'ping' }]);
  live.close();
});

test('planned reconnect: the new socket opens before the old one is closed, then every post is caught up', async () => {
  let tokens = 0;
  const t = setup({ postIds: [P], maxConnectionAgeMs: 60_000, token: () => `token-${++tokens}` });
  await settle();
  const old = t.net.last();
  old.open();
  await settle();
  old.deliver(t.service.create(P, 'one'));
  await t.clock.tick(60_000);
  assert.equal(t.net.sockets.length, 2, 'a second socket is opening');
  const fresh = t.net.last();
  assert.equal(old.closedByClient, null, 'the old socket still serves');
  assert.equal(t.live.state, 'open');
  assert.equal(fresh.query.get('postId'), P);
  assert.equal(fresh.query.get('token'), 'token-2');
  // Changes while the new socket connects: one reaches the old socket, one reaches no socket.
  old.deliver(t.service.create(P, 'two'));
  t.service.create(P, 'three');
  fresh.open();
  await settle();
  assert.deepEqual(old.closedByClient, { code: 1000, reason: 'replaced' });
  assert.deepEqual(t.of('catchup'), [{ postId: P, afterRev: 2, headRev: 3, count: 1, reason: 'reconnect' }]);
  assert.deepEqual(t.applied(), ['1', '2', '3*']);
  assert.deepEqual(states(t), ['connecting', 'open'], 'no state change for a planned reconnect');
  fresh.deliver(t.service.create(P, 'four'));
  assert.deepEqual(t.applied(), ['1', '2', '3*', '4']);
  await t.clock.tick(1000);
  assert.equal(t.net.sockets.length, 2, "the old socket's close is not a drop");
  assert.deepEqual(t.live.comments(P), t.service.list(P));
});

test('a planned replacement that fails leaves the old socket serving and is tried again', async () => {
  const t = setup({ maxConnectionAgeMs: 60_000 });
  await settle();
  const old = t.net.last();
  old.open();
  await t.clock.tick(60_000);
  t.net.last().fail();
  assert.equal(t.live.state, 'open');
  assert.equal(old.closedByClient, null);
  await t.clock.tick(750);
  assert.equal(t.net.sockets.length, 3);
  t.net.last().open();
  assert.deepEqual(old.closedByClient, { code: 1000, reason: 'replaced' });
});

test('subscriptions are restored after a reconnect, and changes made while away are applied once', async () => {
  const t = setup({ postIds: [P] });
  await settle();
  t.net.last().open();
  await settle();
  t.live.subscribe(Q);
  assert.deepEqual(t.net.last().frames('subscribe'), [{ action: 'subscribe', postId: Q }]);
  await settle();
  t.net.last().deliver(t.service.create(P, 'p one'));
  t.net.last().deliver(t.service.create(Q, 'q one'));
  t.net.last().drop();
  // While away: changes on both posts.
  t.service.create(P, 'p two');
  t.service.edit(Q, `c1-${Q}`, 'q one, edited');
  await t.clock.tick(750);
  const next = t.net.last();
  assert.equal(t.net.sockets.length, 2);
  assert.equal(next.query.get('postId'), `${P},${Q}`);
  next.open();
  await settle();
  assert.deepEqual(next.frames(), [], 'the URL subscribed them already');
  assert.deepEqual(
    t.of('catchup').map((c) => `${c.postId}:${c.afterRev}->${c.headRev}:${c.count}:${c.reason}`),
    [`${P}:1->2:1:reconnect`, `${Q}:1->2:1:reconnect`],
  );
  assert.deepEqual(t.live.comments(P), t.service.list(P));
  assert.deepEqual(t.live.comments(Q), t.service.list(Q));
  // The same changes arriving late as pushes are not delivered again.
  next.deliver(t.service.create(P, 'p three'));
  assert.deepEqual(t.of('comment.created').filter((e) => e.data.postId === P).map((e) => e.data.rev), [1, 2, 3]);
  assert.deepEqual(states(t), ['connecting', 'open', 'reconnecting(1,750)', 'connecting', 'open']);
});

test('a post subscribed while the socket is connecting is subscribed by a frame once it opens', async () => {
  const t = setup({ postIds: [P] });
  await settle();
  t.live.subscribe(Q);
  const socket = t.net.last();
  assert.equal(socket.query.get('postId'), P);
  socket.open();
  await settle();
  assert.deepEqual(socket.frames(), [{ action: 'subscribe', postId: Q }]);
  assert.deepEqual(t.of('snapshot').map((s) => s.postId), [P, Q]);
});

test('unsubscribe sends the frame and forgets the post', async () => {
  const t = setup({ postIds: [P, Q] });
  await settle();
  t.net.last().open();
  await settle();
  t.net.last().deliver(t.service.create(P, 'one'));
  assert.equal(t.live.comments(P).length, 1);
  t.live.unsubscribe(P);
  assert.deepEqual(t.net.last().frames('unsubscribe'), [{ action: 'unsubscribe', postId: P }]);
  assert.deepEqual(t.live.comments(P), []);
  assert.deepEqual(t.live.postIds, [Q]);
  t.net.last().drop();
  await t.clock.tick(750);
  assert.equal(t.net.last().query.get('postId'), Q);
  t.net.last().open();
  await settle();
  assert.deepEqual(t.of('catchup').map((c) => c.postId), [Q], 'no catch-up for the forgotten post');
  // A late event of the forgotten post is dropped while Q is followed, and changes no view.
  t.net.last().deliver(t.service.create(P, 'late'));
  assert.ok(!t.of('comment.created').some((e) => e.data.comment.content === 'late'));
  assert.deepEqual(t.live.comments(P), []);
});

test('unsubscribing during a read drops its result; subscribing again starts afresh', async () => {
  const t = setup({ postIds: [P] });
  t.service.create(P, 'one');
  let release;
  t.service.gate = new Promise((resolve) => (release = resolve));
  await settle();
  t.net.last().open();
  await settle();
  t.live.unsubscribe(P);
  t.service.gate = null;
  release();
  await settle();
  assert.equal(t.of('snapshot').length, 0);
  t.live.subscribe(P);
  await settle();
  assert.deepEqual(t.of('snapshot').map((s) => s.headRev), [1]);
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['one']);
});

test('the token function is called before each connect and its value sent as the token parameter', async () => {
  const calls = [];
  const t = setup({
    token: async () => {
      calls.push(t.clock.now());
      return `jwt ${calls.length}`;
    },
  });
  await settle();
  assert.equal(t.net.last().query.get('token'), 'jwt 1');
  t.net.last().open();
  t.net.last().drop();
  await t.clock.tick(750);
  assert.equal(calls.length, 2);
  assert.equal(t.net.last().query.get('token'), 'jwt 2');
  assert.match(t.net.last().url, /token=jwt%202/);
});

test('a token function that fails counts as a failed attempt and is reported', async () => {
  let fail = true;
  const t = setup({
    token: () => {
      if (fail) throw new Error('no session');
      return 'jwt';
    },
  });
  await settle();
  assert.equal(t.net.sockets.length, 0);
  assert.equal(t.of('problem')[0].cause.message, 'no session');
  assert.deepEqual(states(t), ['connecting', 'reconnecting(1,750)']);
  fail = false;
  await t.clock.tick(750);
  assert.equal(t.net.last().query.get('token'), 'jwt');
});

test('batch false leaves batch=1 out of the URL; a URL with a query keeps it', async () => {
  const net = fakeWebSockets();
  const live = connect({ url: 'wss://abc.example/prod?x=1', apiBase: 'https://api.example/v1', batch: false, postIds: [P, Q], WebSocket: /** @type {any} */ (net.WebSocket), fetch: async () => { throw new Error('unused'); } });
  await settle();
  assert.equal(net.last().url, `wss://abc.example/prod?x=1&postId=${P},${Q}`);
  live.close();
});

test('close() ends in closed: the socket is closed, timers are cleared and nothing reconnects', async () => {
  const t = setup({ postIds: [P] });
  await settle();
  const socket = t.net.last();
  socket.open();
  await settle();
  t.live.close();
  assert.equal(t.live.state, 'closed');
  assert.deepEqual(t.of('state').at(-1), { state: 'closed', previous: 'open', reason: 'close' });
  assert.deepEqual(socket.closedByClient, { code: 1000, reason: 'client closed' });
  await settle();
  assert.deepEqual(t.clock.pendingDelays(), []);
  t.live.subscribe(Q);
  t.live.close();
  await t.clock.tick(3_600_000);
  assert.equal(t.net.sockets.length, 1);
  assert.equal(t.of('state').length, 3);
});

test('close() while reconnecting cancels the pending attempt', async () => {
  const t = setup();
  await settle();
  t.net.last().fail();
  t.live.close();
  await t.clock.tick(60_000);
  assert.equal(t.net.sockets.length, 1);
  assert.deepEqual(t.clock.pendingDelays(), []);
});

test('a socket that does not answer a ping within pongTimeoutMs is taken for dead and replaced', async () => {
  const t = setup({ pingIntervalMs: 60_000, pongTimeoutMs: 10_000 });
  await settle();
  const socket = t.net.last();
  socket.open();
  await t.clock.tick(60_000);
  assert.equal(socket.frames('ping').length, 1);
  socket.deliver({ type: 'pong', eventId: 'p1', data: {}, timestamp: 'now' });
  await t.clock.tick(60_000 + 9_999);
  assert.equal(socket.frames('ping').length, 2);
  assert.equal(t.live.state, 'open');
  await t.clock.tick(1);
  assert.equal(t.live.state, 'reconnecting');
  assert.match(t.of('problem')[0].message, /no answer to a ping/);
  assert.notEqual(socket.closedByClient, null);
  await t.clock.tick(750);
  assert.equal(t.net.sockets.length, 2);
});

test('a planned reconnect whose old socket dies while the token is fetched leaves it to the reconnect', async () => {
  let release;
  let calls = 0;
  const t = setup({
    maxConnectionAgeMs: 60_000,
    token: () => (++calls === 2 ? new Promise((resolve) => (release = resolve)) : 'jwt'),
  });
  await settle();
  t.net.last().open();
  await t.clock.tick(60_000);
  assert.equal(calls, 2);
  t.net.last().drop();
  await t.clock.tick(750);
  assert.equal(t.net.sockets.length, 2, 'the reconnect made its own socket');
  release('late');
  await settle();
  assert.equal(t.net.sockets.length, 2, 'the planned one gave up');
  t.net.last().open();
  assert.equal(t.live.state, 'open');
});

test('following posts without apiBase is refused at once', () => {
  const net = fakeWebSockets();
  assert.throws(() => connect({ url: 'ws://x/ws', postIds: [P], WebSocket: /** @type {any} */ (net.WebSocket) }), /apiBase/);
  const live = connect({ url: 'ws://x/ws', WebSocket: /** @type {any} */ (net.WebSocket) });
  assert.throws(() => live.subscribe(P), /apiBase/);
  live.close();
});

test('subscribe on an open socket reads the post only once connection.info lists it', async () => {
  const t = setup({ postIds: [P] });
  await settle();
  const socket = t.net.last();
  socket.answerWhoami = false;
  socket.open();
  await settle();
  t.service.create(Q, 'q one');
  t.live.subscribe(Q);
  assert.deepEqual(socket.sent, [{ action: 'subscribe', postId: Q }, { action: 'whoami' }]);
  await settle();
  assert.ok(!t.service.calls.some((c) => c.includes(Q)), 'no read before the subscription is confirmed');
  // The whoami overtook the subscribe frame: the answer does not list Q yet, so it asks again.
  socket.deliver({ type: 'connection.info', eventId: 'i1', data: { connectionId: 'c=', subscriptions: [P] }, timestamp: 'now' });
  await t.clock.tick(100);
  assert.equal(socket.frames('whoami').length, 2);
  // A push of Q that arrives meanwhile is held, not lost.
  const two = t.service.create(Q, 'q two');
  socket.deliver(two);
  socket.deliver({ type: 'connection.info', eventId: 'i2', data: { connectionId: 'c=', subscriptions: [P, Q] }, timestamp: 'now' });
  await settle();
  assert.deepEqual(t.of('snapshot').map((s) => `${s.postId}@${s.headRev}`), [`${P}@0`, `${Q}@2`]);
  assert.deepEqual(t.live.comments(Q).map((c) => c.content), ['q one', 'q two']);
  assert.equal(t.of('connection.info').length, 2, 'the answers still reach handlers');
});

test('a subscription that is never confirmed is read after confirmSubscribeMs anyway', async () => {
  const t = setup({ confirmSubscribeMs: 3000 });
  await settle();
  const socket = t.net.last();
  socket.answerWhoami = false;
  socket.open();
  t.live.subscribe(P);
  await t.clock.tick(2999);
  assert.equal(t.service.calls.length, 0);
  await t.clock.tick(1);
  assert.equal(t.of('snapshot').length, 1);
});

test('serverSubscriptions false: the socket subscribes to nothing, gets every post, and followed posts are still tracked', async () => {
  const t = setup({ postIds: [P], serverSubscriptions: false });
  await settle();
  const socket = t.net.last();
  assert.equal(socket.query.get('postId'), null);
  socket.open();
  await settle();
  t.live.subscribe(Q);
  await settle();
  assert.deepEqual(socket.sent, []);
  assert.deepEqual(t.of('snapshot').map((s) => s.postId), [P, Q]);
  socket.deliver(t.service.create('elsewhere', 'x'));
  socket.deliver(t.service.create(P, 'p one'));
  socket.deliver(t.service.create(P, 'p one') && t.service.create(P, 'p three'));
  await settle();
  assert.equal(t.of('comment.created')[0].data.postId, 'elsewhere');
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['p one', 'p one', 'p three']);
  assert.equal(t.of('catchup')[0].reason, 'gap');
  t.live.unsubscribe(P);
  assert.deepEqual(socket.sent, []);
});

test("the browser's online event replaces an open socket the planned way and hurries a waiting reconnect", async () => {
  const network = new EventTarget();
  const t = setup({ postIds: [P], networkEvents: network });
  await settle();
  const first = t.net.last();
  first.open();
  await settle();
  first.deliver(t.service.create(P, 'one'));
  t.service.create(P, 'two, while offline');
  network.dispatchEvent(new Event('online'));
  await settle();
  assert.equal(t.net.sockets.length, 2);
  assert.equal(first.closedByClient, null, 'the old socket serves until the new one is open');
  t.net.last().open();
  await settle();
  assert.deepEqual(first.closedByClient, { code: 1000, reason: 'replaced' });
  assert.deepEqual(t.of('catchup').map((c) => `${c.reason}:${c.count}`), ['reconnect:1']);
  assert.deepEqual(t.applied(), ['1', '2*']);
  t.net.last().drop();
  assert.equal(t.live.state, 'reconnecting');
  network.dispatchEvent(new Event('online'));
  await settle();
  assert.equal(t.net.sockets.length, 3, 'no wait for the backoff delay');
  t.live.close();
  network.dispatchEvent(new Event('online'));
  await settle();
  assert.equal(t.net.sockets.length, 3, 'close() stops listening');
});
