// The change stream of CONTRACT §5 and §8 as handlers see it: once, in rev order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, setup, followingPost } from '../support/fakes.js';

const P = 'post-1';
const following = (options = {}) => followingPost(P, options);

test('the initial snapshot reads the comments after subscribing, and its headRev is the baseline', async () => {
  const t = setup({ postIds: [P], commentsPageLimit: 2 });
  for (const text of ['one', 'two', 'three']) t.service.create(P, text);
  await settle();
  const socket = t.net.last();
  assert.equal(t.service.calls.length, 0, 'nothing is read before the socket (subscribed by its URL) is open');
  assert.equal(socket.query.get('postId'), P);
  socket.open();
  await settle();
  const [snapshot] = t.of('snapshot');
  assert.equal(snapshot.reason, 'initial');
  assert.equal(snapshot.headRev, 3);
  assert.deepEqual(snapshot.comments.map((c) => c.content), ['one', 'two', 'three']);
  assert.deepEqual(t.service.calls.map((c) => new URL(c).search), [
    '?limit=2&afterSeq=0&order=asc',
    '?limit=2&afterSeq=2&order=asc',
  ]);
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['one', 'two', 'three']);
  assert.equal(t.of('comments').length, 1);
});

test('events that arrive during the initial read are held; those the snapshot covers are dropped', async () => {
  const t = setup({ postIds: [P] });
  const first = t.service.create(P, 'one');
  let release;
  t.service.gate = new Promise((resolve) => (release = resolve));
  await settle();
  t.net.last().open();
  await settle();
  const second = t.service.create(P, 'two');
  t.net.last().deliver(first);
  t.net.last().deliver(second);
  assert.deepEqual(t.applied(), [], 'nothing is applied before the baseline is known');
  t.service.gate = null;
  release();
  await settle();
  // The read saw both comments (headRev 2), so both pushes are already in the snapshot.
  assert.equal(t.of('snapshot')[0].headRev, 2);
  assert.deepEqual(t.applied(), []);
  const third = t.service.create(P, 'three');
  t.net.last().deliver(third);
  assert.deepEqual(t.applied(), ['3']);
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['one', 'two', 'three']);
});

test('a held event newer than the snapshot is applied once the snapshot is in', async () => {
  const t = setup({ postIds: [P] });
  t.service.create(P, 'one');
  let release;
  t.service.gate = new Promise((resolve) => (release = resolve));
  await settle();
  t.net.last().open();
  await settle();
  // The read answers as of rev 1; rev 2 happens after it and is pushed meanwhile.
  const answered = t.service.answer(new URL(t.service.calls[0]));
  const fetchCalls = t.service.calls.length;
  const second = t.service.create(P, 'two');
  t.service.answer = () => answered;
  t.net.last().deliver(second);
  t.service.gate = null;
  release();
  await settle();
  assert.equal(fetchCalls, 1);
  assert.equal(t.of('snapshot')[0].headRev, 1);
  assert.deepEqual(t.applied(), ['2']);
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['one', 'two']);
});

test('batch frames are unwrapped and their messages applied in order', async () => {
  const t = await following();
  const a = t.service.create(P, 'a');
  const b = t.service.create(P, 'b');
  const c = t.service.edit(P, a.data.comment.id, 'a, edited');
  t.net.last().deliverBatch([a, b, c]);
  assert.deepEqual(t.applied(), ['1', '2', '3']);
  assert.deepEqual(t.of('message').map((m) => m.type), ['comment.created', 'comment.created', 'comment.updated']);
  assert.ok(!t.of('message').some((m) => m.type === 'batch'), 'the batch wrapper itself is not a message');
  assert.deepEqual(t.live.comments(P).map((x) => x.content), ['a, edited', 'b']);
  assert.equal(t.of('comments').length - 1, 1, "one 'comments' event for the whole frame");
});

test('the same eventId twice is delivered once', async () => {
  const t = await following();
  const a = t.service.create(P, 'a');
  t.net.last().deliver(a);
  t.net.last().deliver(a);
  t.net.last().deliverBatch([a]);
  assert.deepEqual(t.applied(), ['1']);
  assert.equal(t.of('message').length, 1);
});

test('the same rev twice under different eventIds is delivered once', async () => {
  const t = await following();
  const a = t.service.create(P, 'a');
  t.net.last().deliver(a);
  t.net.last().deliver({ ...a, eventId: 'another-id-for-the-same-change' });
  assert.deepEqual(t.applied(), ['1']);
  assert.equal(t.live.comments(P).length, 1);
});

test('reordered events (rev 3 before rev 2) reach handlers once and in rev order', async () => {
  const t = await following();
  const one = t.service.create(P, 'one');
  const two = t.service.create(P, 'two');
  const three = t.service.create(P, 'three');
  t.net.last().deliver(one);
  t.net.last().deliver(three);
  t.net.last().deliver(two);
  await settle();
  t.net.last().deliver(three);
  await settle();
  const revs = t.applied().map((r) => Number.parseInt(r, 10));
  assert.deepEqual(revs, [1, 2, 3]);
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['one', 'two', 'three']);
});

test('a gap is caught up through /changes page by page, each change delivered once, and catchup is emitted', async () => {
  const t = await following({ changesPageLimit: 2 });
  const socket = t.net.last();
  socket.deliver(t.service.create(P, 'one'));
  // Revs 2..5 never arrive as pushes (lost); rev 6 does.
  const c2 = t.service.create(P, 'two');
  t.service.create(P, 'three');
  t.service.edit(P, c2.data.comment.id, 'two, edited');
  t.service.remove(P, 'c1-' + P);
  const six = t.service.create(P, 'four');
  const callsBefore = t.service.calls.length;
  socket.deliver(six);
  await settle();
  assert.deepEqual(t.service.calls.slice(callsBefore).map((c) => new URL(c).search), [
    '?afterRev=1&limit=2',
    '?afterRev=3&limit=2',
    '?afterRev=5&limit=2',
  ]);
  // Rev 6 is in the log too: it comes from /changes, and the held push of it is dropped.
  assert.deepEqual(t.applied(), ['1', '2*', '3*', '4*', '5*', '6*']);
  const [catchup] = t.of('catchup');
  assert.deepEqual(catchup, { postId: P, afterRev: 1, headRev: 6, count: 5, reason: 'gap' });
  const synthesized = t.of('comment.updated').find((e) => e.data.rev === 5);
  assert.equal(synthesized.eventId, `change:${P}:5`);
  assert.equal(synthesized.catchUp, true);
  assert.equal(synthesized.data.action, 'deleted');
  assert.deepEqual(t.live.comments(P), t.service.list(P));
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['two, edited', 'three', 'four']);
});

test('events arriving during a catch-up are held and applied once, in rev order', async () => {
  const t = await following();
  const socket = t.net.last();
  socket.deliver(t.service.create(P, 'one'));
  t.service.create(P, 'two');
  const three = t.service.create(P, 'three');
  let release;
  t.service.gate = new Promise((resolve) => (release = resolve));
  socket.deliver(three);
  await settle();
  const four = t.service.create(P, 'four');
  const five = t.service.create(P, 'five');
  socket.deliver(five);
  socket.deliver(four);
  socket.deliver(three);
  t.service.gate = null;
  release();
  await settle();
  const revs = t.applied().map((r) => Number.parseInt(r, 10));
  assert.deepEqual(revs, [1, 2, 3, 4, 5]);
  assert.deepEqual(t.live.comments(P), t.service.list(P));
  assert.equal(t.service.changesCalls().length >= 1, true);
});

test('410 changes-expired leads to a full re-read with a snapshot of reason expired', async () => {
  const t = await following();
  const socket = t.net.last();
  socket.deliver(t.service.create(P, 'one'));
  for (let i = 0; i < 5; i++) t.service.create(P, `lost ${i}`);
  t.service.remove(P, 'c1-' + P);
  t.service.expireUpTo(P, 4);
  const eight = t.service.create(P, 'after');
  socket.deliver(eight);
  await settle();
  const snapshots = t.of('snapshot');
  assert.deepEqual(snapshots.map((s) => s.reason), ['initial', 'expired']);
  assert.equal(snapshots[1].headRev, 8);
  assert.deepEqual(t.live.comments(P), t.service.list(P));
  assert.equal(t.of('catchup').length, 0);
  // Rev 8 was in the re-read; it is not delivered as an event again later.
  socket.deliver(eight);
  const nine = t.service.create(P, 'next');
  socket.deliver(nine);
  assert.deepEqual(t.applied(), ['1', '9']);
  assert.deepEqual(t.live.comments(P), t.service.list(P));
});

test("a comment's state is replaced only by a change newer than its own rev", async () => {
  const t = setup({ postIds: [P], commentsPageLimit: 1 });
  const one = t.service.create(P, 'one');
  const two = t.service.create(P, 'two');
  const firstPage = t.service.answer(new URL('http://api.test/api/v1/posts/' + P + '/comments?limit=1&afterSeq=0'));
  // Between the first page (headRev 2) and the second, comment two is edited (rev 3).
  const edit = t.service.edit(P, two.data.comment.id, 'two, edited');
  const original = t.service.answer.bind(t.service);
  t.service.answer = (url) => (url.searchParams.get('afterSeq') === '0' ? firstPage : original(url));
  await settle();
  t.net.last().open();
  await settle();
  assert.equal(t.of('snapshot')[0].headRev, 2);
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['one', 'two, edited']);
  // Rev 3 is still delivered (handlers have not seen it), but it changes nothing it already shows.
  t.net.last().deliver(edit);
  assert.deepEqual(t.applied(), ['3']);
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['one', 'two, edited']);
  assert.equal(one.data.rev, 1);
});

test('with no posts followed every event passes through, deduplicated by eventId only', async () => {
  const t = setup();
  await settle();
  const socket = t.net.last();
  assert.equal(socket.query.get('postId'), null);
  assert.equal(socket.query.get('batch'), '1');
  socket.open();
  const a = t.service.create('x', 'a');
  const b = t.service.create('y', 'b');
  const late = t.service.create('x', 'late');
  socket.deliver(late);
  socket.deliver(a);
  socket.deliver(b);
  socket.deliver(a);
  socket.deliver({ type: 'test', eventId: 't1', data: { message: 'hello' }, timestamp: 'now' });
  await settle();
  assert.deepEqual(t.of('message').map((m) => m.data.rev ?? m.type), [2, 1, 1, 'test']);
  assert.equal(t.of('test')[0].data.message, 'hello');
  assert.equal(t.service.calls.length, 0, 'untracked posts are never read');
});

test('server messages other than comment events reach their own handlers and "message"', async () => {
  const t = await following();
  const socket = t.net.last();
  socket.deliver({ type: 'pong', eventId: 'e1', data: {}, timestamp: 'now' });
  socket.deliver({ type: 'error', eventId: 'e2', data: { message: 'unknown action' }, timestamp: 'now' });
  socket.deliver({ type: 'connection.info', eventId: 'e3', data: { connectionId: 'abc=', subscriptions: [P] }, timestamp: 'now' });
  assert.equal(t.of('pong').length, 1);
  assert.equal(t.of('error')[0].data.message, 'unknown action');
  assert.equal(t.of('connection.info')[0].data.connectionId, 'abc=');
  assert.deepEqual(t.of('message').map((m) => m.type), ['pong', 'error', 'connection.info']);
});

test('a malformed frame is reported as a problem and does not stop later frames', async () => {
  const t = await following();
  const socket = t.net.last();
  socket.deliver('{not json');
  socket.deliver({ no: 'type' });
  socket.deliver({ type: 'batch', data: {} });
  socket.deliver(t.service.create(P, 'fine'));
  assert.equal(t.of('problem').length, 3);
  assert.deepEqual(t.applied(), ['1']);
});

test('a handler that throws does not stop delivery to the others', async () => {
  const t = await following();
  const seen = [];
  t.live.on('comment.created', () => {
    throw new Error('a buggy handler');
  });
  t.live.on('comment.created', (e) => seen.push(e.data.rev));
  t.net.last().deliver(t.service.create(P, 'one'));
  t.net.last().deliver(t.service.create(P, 'two'));
  assert.deepEqual(seen, [1, 2]);
  const problems = t.of('problem');
  assert.equal(problems.length, 2);
  assert.match(problems[0].message, /comment\.created/);
  assert.equal(problems[0].cause.message, 'a buggy handler');
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['one', 'two']);
});

test('on() returns a function that removes the handler, as off() does', async () => {
  const t = await following();
  const seen = [];
  const handler = (e) => seen.push(e.data.rev);
  const stop = t.live.on('comment.created', handler);
  t.net.last().deliver(t.service.create(P, 'one'));
  stop();
  t.net.last().deliver(t.service.create(P, 'two'));
  t.live.on('comment.created', handler);
  t.live.off('comment.created', handler);
  t.net.last().deliver(t.service.create(P, 'three'));
  assert.deepEqual(seen, [1]);
});

test('a failed catch-up read is retried with backoff and the held events are kept', async () => {
  const t = await following({ reconnect: { initialDelayMs: 100, maxDelayMs: 1000 } });
  const socket = t.net.last();
  socket.deliver(t.service.create(P, 'one'));
  t.service.create(P, 'two');
  t.service.failNext = ['network', 503];
  socket.deliver(t.service.create(P, 'three'));
  await settle();
  assert.deepEqual(t.applied(), ['1']);
  assert.equal(t.of('problem').length, 1);
  assert.deepEqual(t.clock.pendingDelays().filter((d) => d < 1000), [75]);
  await t.clock.tick(75);
  assert.equal(t.of('problem').length, 2, 'the 503 is the second failure');
  assert.deepEqual(t.applied(), ['1']);
  await t.clock.tick(150);
  assert.deepEqual(t.applied(), ['1', '2*', '3*']);
  assert.equal(t.service.changesCalls().length, 3);
  assert.deepEqual(t.live.comments(P), t.service.list(P));
});

test('a failed initial read is retried, and events held meanwhile are applied after it', async () => {
  const t = setup({ postIds: [P], reconnect: { initialDelayMs: 100 } });
  t.service.create(P, 'one');
  t.service.failNext = [500];
  await settle();
  t.net.last().open();
  await settle();
  assert.equal(t.of('snapshot').length, 0);
  t.net.last().deliver(t.service.create(P, 'two'));
  await t.clock.tick(75);
  assert.equal(t.of('snapshot').length, 1);
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['one', 'two']);
  assert.deepEqual(t.applied(), [], 'rev 2 was in the snapshot');
});

test('loadComments false reads only the rev baseline, and applies changes after it', async () => {
  const t = setup({ postIds: [P], loadComments: false });
  t.service.create(P, 'old');
  await settle();
  t.net.last().open();
  await settle();
  assert.deepEqual(t.service.calls.map((c) => new URL(c).search), ['?limit=1&afterSeq=0&order=asc']);
  assert.equal(t.of('snapshot').length, 0);
  t.net.last().deliver(t.service.create(P, 'new'));
  assert.deepEqual(t.applied(), ['2']);
  assert.deepEqual(t.live.comments(P).map((c) => c.content), ['new']);
});

test('a catch-up whose log read lags the push waits with backoff instead of asking again at once', async () => {
  const t = await following();
  const socket = t.net.last();
  socket.deliver(t.service.create(P, 'one'));
  const original = t.service.answer.bind(t.service);
  let lagging = true;
  t.service.answer = (url) => {
    if (!lagging || !url.pathname.endsWith('/changes')) return original(url);
    lagging = false;
    return { ok: true, status: 200, json: async () => ({ postId: P, changes: [], count: 0, nextAfterRev: null, headRev: 1 }) };
  };
  t.service.create(P, 'two');
  socket.deliver(t.service.create(P, 'three'));
  await settle();
  assert.equal(t.service.changesCalls().length, 1);
  assert.deepEqual(t.applied(), ['1']);
  await t.clock.tick(749);
  assert.equal(t.service.changesCalls().length, 1, 'no second read before the backoff delay');
  await t.clock.tick(1);
  assert.equal(t.service.changesCalls().length, 2);
  assert.deepEqual(t.applied(), ['1', '2*', '3*']);
  assert.deepEqual(t.live.comments(P), t.service.list(P));
});
