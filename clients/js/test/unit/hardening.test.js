// Edge cases found in review: hurried catch-up, no stray sockets, option checks, internal
// failures reported, the first state event, bounded held events, the dedupe window, other posts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../src/index.js';
import { fakeWebSockets, settle, setup, followingPost } from '../support/fakes.js';

const P = 'post-1';
const following = (options = {}) => followingPost(P, options);

const states = (t) => t.of('state').map((s) => (s.state === 'reconnecting' ? `reconnecting(${s.attempt},${s.delayMs})` : s.state));

/** A gap on P whose catch-up failed `failures` times and now waits for its retry. */
async function failingCatchUp(t, failures) {
  t.net.last().deliver(t.service.create(P, 'one'));
  t.service.create(P, 'two, not pushed');
  t.service.failNext = Array(failures).fill('network');
  t.net.last().deliver(t.service.create(P, 'three'));
  await settle();
  for (let i = 1; i < failures; i++) await t.clock.tick(750 * 2 ** (i - 1));
  assert.equal(t.service.changesCalls().length, failures);
  assert.equal(t.of('problem').length, failures);
}

test('a catch-up waiting out its retry delay goes at once when the socket is back, its failures forgotten', async () => {
  const t = await following();
  await failingCatchUp(t, 3);
  assert.ok(t.clock.pendingDelays().includes(3000), 'the fourth try would wait 3000 ms');
  t.service.failNext = ['network'];
  t.net.last().drop();
  await t.clock.tick(750);
  t.net.last().open();
  await settle();
  assert.equal(t.service.changesCalls().length, 4, 'tried again as soon as the socket opened');
  assert.ok(t.clock.pendingDelays().includes(750), 'the failure count started over (750, not 6000)');
  assert.ok(!t.clock.pendingDelays().includes(6000));
  await t.clock.tick(750);
  assert.deepEqual(t.applied(), ['1', '2*', '3*']);
  assert.deepEqual(t.live.comments(P), t.service.list(P));
  assert.equal(t.of('catchup').at(-1).reason, 'reconnect');
});

test("the browser's online event runs a catch-up waiting for its retry at once", async () => {
  const network = new EventTarget();
  const t = await following({ networkEvents: network });
  await failingCatchUp(t, 2);
  network.dispatchEvent(new Event('online'));
  await settle();
  assert.equal(t.service.changesCalls().length, 3);
  assert.deepEqual(t.applied(), ['1', '2*', '3*']);
  assert.deepEqual(t.live.comments(P), t.service.list(P));
  t.live.close();
});

test('an online event while a planned replacement waits for its token starts no second one, and no socket stays open after close()', async () => {
  const network = new EventTarget();
  /** @type {((token: string) => void)[]} */
  const releases = [];
  let calls = 0;
  const t = setup({
    maxConnectionAgeMs: 60_000,
    networkEvents: network,
    token: () => (++calls === 1 ? 'jwt' : new Promise((resolve) => releases.push(resolve))),
  });
  await settle();
  t.net.last().open();
  await t.clock.tick(60_000);
  assert.equal(calls, 2, 'the age timer started a planned replacement');
  network.dispatchEvent(new Event('online'));
  await settle();
  assert.equal(calls, 2, 'the online event waits for the one under way');
  for (const release of releases) release('jwt');
  await settle();
  assert.equal(t.net.sockets.length, 2);
  for (const socket of t.net.sockets.slice(1)) socket.open();
  await settle();
  assert.equal(t.live.state, 'open');
  t.live.close();
  await settle();
  assert.deepEqual(t.net.sockets.map((s) => s.readyState), [3, 3]);
});

test('reconnect options: undefined keeps the default; a negative, NaN or infinite number is a TypeError at connect', async () => {
  const t = setup({ reconnect: { initialDelayMs: undefined, maxDelayMs: undefined, factor: undefined } });
  await settle();
  t.net.last().fail();
  assert.deepEqual(states(t), ['connecting', 'reconnecting(1,750)']);
  await t.clock.tick(749);
  assert.equal(t.net.sockets.length, 1);
  await t.clock.tick(1);
  assert.equal(t.net.sockets.length, 2);
  t.live.close();
  const net = fakeWebSockets();
  const options = { url: 'ws://x/ws', WebSocket: /** @type {any} */ (net.WebSocket) };
  for (const reconnect of [
    { initialDelayMs: NaN },
    { maxDelayMs: -1 },
    { factor: Infinity },
    { resetAfterMs: '5000' },
    { maxAttempts: NaN },
    { maxAttempts: -1 },
    { jitter: 'none' },
  ]) {
    assert.throws(() => connect({ ...options, reconnect: /** @type {any} */ (reconnect) }), TypeError, JSON.stringify(reconnect));
  }
  connect({ ...options, reconnect: { maxAttempts: Infinity, initialDelayMs: 0 } }).close();
  assert.equal(net.sockets.length, 0);
});

test('a token that cannot be put in a URL is reported and the attempt retried, with no unhandled rejection', async () => {
  let calls = 0;
  const t = setup({ token: () => (++calls === 1 ? 'bad \uD800 token' : 'jwt') });
  await settle();
  assert.equal(t.net.sockets.length, 0);
  assert.equal(t.of('problem').length, 1);
  assert.equal(t.of('problem')[0].cause.name, 'URIError');
  assert.deepEqual(states(t), ['connecting', 'reconnecting(1,750)']);
  await t.clock.tick(750);
  assert.equal(t.net.last().query.get('token'), 'jwt');
  t.live.close();
});

test('a post id that is not well-formed Unicode is refused by connect and subscribe', async () => {
  const t = setup();
  assert.throws(() => t.live.subscribe('p\uDC00'), TypeError);
  assert.deepEqual(t.live.postIds, []);
  const net = fakeWebSockets();
  assert.throws(
    () => connect({ url: 'ws://x/ws', apiBase: 'http://x/api', postIds: ['\uD800'], WebSocket: /** @type {any} */ (net.WebSocket) }),
    TypeError,
  );
  t.live.close();
});

test("the first 'connecting' is a state event too, after connect() returned", async () => {
  const net = fakeWebSockets();
  const seen = [];
  const live = connect({ url: 'ws://x/ws', WebSocket: /** @type {any} */ (net.WebSocket) });
  live.on('state', (event) => seen.push(event));
  assert.equal(live.state, 'connecting');
  assert.deepEqual(seen, []);
  await settle();
  assert.deepEqual(seen, [{ state: 'connecting', previous: null }]);
  net.last().open();
  assert.deepEqual(seen.at(-1), { state: 'open', previous: 'connecting' });
  live.close();
});

test('past maxHeldEvents the held events are dropped and the post caught up from the log; no change is lost', async () => {
  const t = await following({ maxHeldEvents: 3 });
  t.service.create(P, 'one, not pushed');
  const two = t.service.create(P, 'two');
  let release;
  t.service.gate = new Promise((resolve) => (release = resolve));
  t.net.last().deliver(two);
  await settle();
  // The catch-up under way answers as of rev 2, the later revs are pushed meanwhile.
  const stale = t.service.answer(new URL(t.service.changesCalls()[0]));
  const answer = t.service.answer.bind(t.service);
  let first = true;
  t.service.answer = (url) => (first ? ((first = false), stale) : answer(url));
  for (const text of ['three', 'four', 'five', 'six']) t.net.last().deliver(t.service.create(P, text));
  assert.equal(t.of('problem').length, 1);
  assert.match(t.of('problem')[0].message, /maxHeldEvents/);
  t.service.gate = null;
  release();
  await settle();
  assert.deepEqual(t.applied(), ['1*', '2*', '3*', '4*', '5*', '6*']);
  assert.deepEqual(t.of('catchup').map((c) => `${c.afterRev}->${c.headRev}:${c.count}`), ['0->2:2', '2->6:4']);
  assert.deepEqual(t.live.comments(P), t.service.list(P));
});

test('catch-up events are not remembered in the dedupe window, so they push no real eventId out', async () => {
  const t = await following({ dedupeWindow: 3, serverSubscriptions: false });
  const other = t.service.create('elsewhere', 'x');
  t.net.last().deliver(other);
  t.service.create(P, 'a');
  t.service.create(P, 'b');
  t.net.last().deliver(t.service.create(P, 'c'));
  await settle();
  assert.equal(t.of('catchup')[0].count, 3);
  t.net.last().deliver(other);
  assert.equal(t.of('comment.created').filter((e) => e.data.postId === 'elsewhere').length, 1);
});

test('following posts, events of other posts do not reach handlers; following none, they all do', async () => {
  const t = await following();
  t.net.last().deliver(t.service.create('elsewhere', 'x'));
  t.net.last().deliver(t.service.create(P, 'mine'));
  t.net.last().deliver({ type: 'test', eventId: 't1', data: { message: 'hi' }, timestamp: 'now' });
  assert.deepEqual(t.of('comment.created').map((e) => e.data.postId), [P]);
  assert.equal(t.of('test').length, 1, 'other messages still pass');
  assert.ok(!t.of('message').some((e) => e.data?.postId === 'elsewhere'));
  t.live.unsubscribe(P);
  t.net.last().deliver(t.service.create('elsewhere', 'y'));
  assert.deepEqual(t.of('comment.created').map((e) => e.data.postId), [P, 'elsewhere']);
});
