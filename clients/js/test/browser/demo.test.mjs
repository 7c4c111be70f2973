// The demo page and the client in a real browser (Chromium driven by playwright-core) against the
// started jar. Run by bootstrap's BrowserIT, which starts the jars and passes their addresses:
//   LIVECOMMENTS_URL           the jar under test (local gateway on, CORS allowing SECOND_ORIGIN)
//   LIVECOMMENTS_REFUSING_URL  a jar whose allowed origins do not include SECOND_ORIGIN
//   SECOND_ORIGIN_PORT         where this script serves a page of another origin
//   CHROMIUM                   the browser (default /usr/bin/chromium)
//   SCREENSHOT                 where to save a screenshot of the demo
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const base = required('LIVECOMMENTS_URL');
const refusing = required('LIVECOMMENTS_REFUSING_URL');
const secondPort = Number(required('SECOND_ORIGIN_PORT'));
const screenshot = process.env.SCREENSHOT;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (BrowserIT sets it)`);
  return value;
}

let browser;
let secondOrigin;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // Root in a CI container has no user namespace for Chromium's sandbox.
    args: ['--no-sandbox'],
  });
  const client = await readFile(join(here, '..', '..', 'src', 'index.js'));
  const page = await readFile(join(here, 'second-origin.html'));
  secondOrigin = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/client/index.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(client);
    } else if (path === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => secondOrigin.listen(secondPort, '127.0.0.1', resolve));
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (secondOrigin ? secondOrigin.close(resolve) : resolve()));
});

async function openDemo(context, user, postId) {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`[${user}] page error: ${error.message}`));
  await page.goto(postId ? `${base}/demo/#post=${postId}` : `${base}/`);
  await page.fill('#user-name', user);
  await page.click('#sign-in button');
  await page.waitForFunction((name) => window.demo?.user?.id === name, user);
  return page;
}

const listOf = (page) =>
  page.$$eval('#comments > li', (items) => items.map((li) => ({
    id: li.dataset.id, content: li.querySelector('.content')?.textContent,
  })));

async function post(page, content) {
  await page.fill('#content', content);
  await page.click('#send');
  await page.waitForFunction(() => document.getElementById('content').value === '');
}

async function eventually(what, check, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const failure = await check().then(() => null, (error) => error);
    if (!failure) return;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${timeout} ms: ${failure.message}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const serverList = async (postId) => {
  const response = await fetch(`${base}/api/v1/posts/${postId}/comments?limit=100`);
  return (await response.json()).comments.map((c) => ({ id: c.id, content: c.content }));
};

test('two browsers follow one post live, and the one cut off catches up through /changes', { timeout: 120_000 }, async () => {
  const a = await browser.newContext();
  const b = await browser.newContext();
  try {
    const pageA = await openDemo(a, 'alice');
    await pageA.fill('#post-title', 'Watched from two browsers');
    await pageA.click('#new-post button');
    await pageA.waitForFunction(() => window.demo.postId && !document.getElementById('thread').hidden);
    const postId = await pageA.evaluate(() => window.demo.postId);
    const pageB = await openDemo(b, 'bob', postId);
    for (const page of [pageA, pageB]) {
      await page.waitForFunction(() => document.getElementById('state').dataset.state === 'open'
        && window.demo.events.some((e) => e.kind === 'snapshot'));
    }

    // A posts: B shows it within a second, timed by the two pages' own clocks (one machine).
    await pageB.evaluate(() => {
      new MutationObserver((changes, observer) => {
        if ([...document.querySelectorAll('#comments .content')].some((p) => p.textContent === 'Hello from A')) {
          window.shownAt = Date.now();
          observer.disconnect();
        }
      }).observe(document.getElementById('comments'), { childList: true, subtree: true, characterData: true });
    });
    await pageA.fill('#content', 'Hello from A');
    await pageA.evaluate(() => document.getElementById('send')
      .addEventListener('click', () => { window.clickedAt = Date.now(); }, { once: true }));
    await pageA.click('#send');
    await pageB.waitForFunction(() => window.shownAt !== undefined, null, { timeout: 5000 });
    const shownAfter = (await pageB.evaluate(() => window.shownAt)) - (await pageA.evaluate(() => window.clickedAt));
    console.log(`B showed A's comment ${shownAfter} ms after A clicked Post`);
    assert.ok(shownAfter <= 1000, `B showed the comment ${shownAfter} ms after A clicked`);

    // A edits, then deletes: B follows.
    const first = (await listOf(pageA)).find((c) => c.content === 'Hello from A');
    await pageA.click(`li[data-id="${first.id}"] .edit`);
    await pageA.fill(`li[data-id="${first.id}"] .edit-content`, 'Hello from A, edited');
    await pageA.click(`li[data-id="${first.id}"] .save`);
    await pageB.waitForSelector(`li[data-id="${first.id}"] .content:text-is("Hello from A, edited")`);
    assert.equal(await pageB.isVisible(`li[data-id="${first.id}"] .edited`), true);
    await pageA.click(`li[data-id="${first.id}"] .delete`);
    await pageB.waitForSelector(`li[data-id="${first.id}"]`, { state: 'detached' });

    // B's network goes: offline, and the gateway drops its connection as API Gateway would.
    const connectionId = await pageB.evaluate(() => window.demo.connectionId);
    assert.ok(connectionId, 'B learnt its connection id');
    await b.setOffline(true);
    const dropped = await fetch(`${base}/@connections/${encodeURIComponent(connectionId)}`, { method: 'DELETE' });
    assert.equal(dropped.status, 204);
    await pageB.waitForFunction(() => document.getElementById('state').dataset.state !== 'open');

    // Meanwhile A posts 5, edits 1 and deletes 1.
    for (let i = 1; i <= 5; i++) await post(pageA, `While B was away ${i}`);
    await eventually('A showing its 5 comments', async () =>
      assert.equal((await listOf(pageA)).length, 5));
    const away = await listOf(pageA);
    await pageA.click(`li[data-id="${away[1].id}"] .edit`);
    await pageA.fill(`li[data-id="${away[1].id}"] .edit-content`, 'While B was away 2, edited');
    await pageA.click(`li[data-id="${away[1].id}"] .save`);
    await pageA.waitForSelector(`li[data-id="${away[1].id}"] .content:text-is("While B was away 2, edited")`);
    await pageA.click(`li[data-id="${away[3].id}"] .delete`);
    await pageA.waitForSelector(`li[data-id="${away[3].id}"]`, { state: 'detached' });
    assert.deepEqual(
      (await listOf(pageB)).map((c) => c.content), [],
      'B, offline, saw none of it');

    // B comes back: it ends with exactly A's list, each comment once, through /changes.
    await b.setOffline(false);
    const expected = await serverList(postId);
    assert.equal(expected.length, 4);
    await eventually('B catching up', async () => assert.deepEqual(await listOf(pageB), expected), 45000);
    assert.deepEqual(await listOf(pageA), expected);
    const catchUps = await pageB.evaluate(() => window.demo.events.filter((e) => e.kind === 'catchup'));
    console.log(`B's catch-ups: ${JSON.stringify(catchUps)}`);
    assert.ok(
      catchUps.some((e) => e.reason === 'reconnect' && e.count === 7),
      `B caught up the 7 changes (5 created, 1 edited, 1 deleted) through /changes: ${JSON.stringify(catchUps)}`);
    // Each change reached B's handlers once, in rev order, whether live or through the catch-up.
    const revs = await pageB.evaluate(() => window.demo.events
      .filter((e) => e.kind === 'comment.created' || e.kind === 'comment.updated').map((e) => e.rev));
    assert.deepEqual(revs, Array.from({ length: 10 }, (_, i) => i + 1), `B's events by rev: ${revs}`);
    await pageB.waitForFunction(() => document.getElementById('state').dataset.state === 'open');
    if (screenshot) {
      await mkdir(dirname(screenshot), { recursive: true });
      await pageB.setViewportSize({ width: 900, height: 1000 });
      await pageB.screenshot({ path: screenshot, fullPage: true, animations: 'disabled' });
    }
  } finally {
    await a.close();
    await b.close();
  }
});

test('content that looks like HTML is shown as text and never runs', { timeout: 120_000 }, async () => {
  const a = await browser.newContext();
  const b = await browser.newContext();
  try {
    const pageA = await openDemo(a, 'mallory');
    await pageA.fill('#post-title', '<b>not bold</b>');
    await pageA.click('#new-post button');
    await pageA.waitForFunction(() => window.demo.postId);
    const postId = await pageA.evaluate(() => window.demo.postId);
    const pageB = await openDemo(b, 'bob', postId);
    await pageB.waitForFunction(() => window.demo.events.some((e) => e.kind === 'snapshot'));
    const payloads = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=1</script>'];
    for (const payload of payloads) await post(pageA, payload);
    await eventually('B showing both', async () =>
      assert.deepEqual((await listOf(pageB)).map((c) => c.content), payloads));
    // The same on another post: B, following this one, hears of it in a toast, as text.
    const { token } = await (await fetch(`${base}/api/v1/dev/tokens`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 'eve', username: 'eve' }),
    })).json();
    const write = (path, body) => fetch(`${base}/api/v1${path}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }).then((response) => response.json());
    const other = await write('/posts', { title: 'elsewhere' });
    await write(`/posts/${other.id}/comments`, { content: payloads[0] });
    await pageB.waitForSelector(`.toast:has-text('${payloads[0]}')`);
    for (const page of [pageA, pageB]) {
      assert.equal(await page.evaluate(() => window.__xss), undefined);
      assert.equal(await page.locator('#toasts img').count(), 0);
      assert.equal(await page.locator('#comments img, #comments script, #post-heading b').count(), 0);
      assert.equal(await page.textContent('#post-heading'), '<b>not bold</b>');
      assert.match(await page.innerHTML('#comments .content >> nth=0'), /^&lt;img src=x/);
    }
  } finally {
    await a.close();
    await b.close();
  }
});

test('a page of another origin posts, edits and lists comments through CORS, and live', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${secondPort}/?api=${encodeURIComponent(base)}`);
    await page.waitForFunction(() => window.ready === true);
    const result = await page.evaluate(() => window.run());
    assert.deepEqual(result.listed, ['hello, edited']);
    assert.equal(result.pushed, 'hello, edited');
    assert.deepEqual(result.liveComments, ['hello, edited']);
    assert.match(result.location ?? '', /\/api\/v1\/posts\/[0-9a-f-]+\/comments\/[0-9a-f-]+$/,
      'Location is exposed to the page');
  } finally {
    await context.close();
  }
});

test('a service whose allowed origins do not include that page is refused by the browser', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const console = [];
    page.on('console', (message) => console.push(message.text()));
    await page.goto(`http://127.0.0.1:${secondPort}/?api=${encodeURIComponent(refusing)}`);
    await page.waitForFunction(() => window.ready === true);
    const error = await page.evaluate(() => window.run().then(() => null, (e) => String(e)));
    assert.match(error ?? 'it went through', /Failed to fetch/);
    await eventually('the CORS message', async () =>
      assert.ok(console.some((line) => /CORS policy/.test(line)), console.join('\n')));
  } finally {
    await context.close();
  }
});
