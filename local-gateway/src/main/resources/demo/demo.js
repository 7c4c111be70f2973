// The LiveComments demo: one post's comments, live, through the browser client of clients/js.
// Every piece of user content reaches the page through textContent, never as HTML.
import { connect } from '/demo/client/index.js';

const api = `${location.origin}/api/v1`;
const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
const $ = (id) => document.getElementById(id);

const demo = {
  live: null,        // the client following the open post
  everything: null,  // a second client with no subscription: every post's events, for the toasts
  postId: null,
  user: null,        // { id, token }
  connectionId: null,
  events: [],        // what the log shows, for people and for the browser test
};
window.demo = demo;

function log(kind, text, detail = {}) {
  demo.events.push({ kind, text, at: new Date().toISOString(), ...detail });
  if (demo.events.length > 2000) demo.events.splice(0, 1000);
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${kind}: ${text}`;
  $('log').prepend(item);
  while ($('log').children.length > 200) $('log').lastElementChild.remove();
}

function status(text) {
  $('status').textContent = text || '';
}

async function call(method, path, body, options = {}) {
  try {
    return await request(method, path, body, options);
  } catch (error) {
    // Dev tokens last an hour: a page left open longer gets a fresh one and tries once more.
    if (error.status !== 401 || !demo.user || options.retried) throw error;
    await signIn(demo.user.id);
    return request(method, path, body, { ...options, retried: true });
  }
}

async function request(method, path, body, { idempotencyKey } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (demo.user) headers.Authorization = `Bearer ${demo.user.token}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const response = await fetch(`${api}${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say): the status line says what happened.
  }
  if (!response.ok) {
    const problem = json && json.detail ? json.detail : `${response.status} ${response.statusText}`;
    throw Object.assign(new Error(problem), { status: response.status });
  }
  return json;
}

async function guarded(action) {
  status('');
  try {
    await action();
  } catch (error) {
    status(error.message);
    log('problem', error.message);
  }
}

// --- who is posting ----------------------------------------------------------------------------

async function signIn(name) {
  demo.user = null;
  const { token } = await request('POST', '/dev/tokens', { userId: name, username: name });
  demo.user = { id: name, token };
  sessionStorage.setItem('livecomments.user', name);
  $('user-name').value = name;
  $('signed-in').textContent = `Posting as ${name}.`;
  render();
}

// --- which post ---------------------------------------------------------------------------------

function postFromAddress() {
  const match = /^#post=(.+)$/.exec(location.hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]).trim().toLowerCase();
  } catch {
    return match[1]; // not percent-encoded properly: the service will say it is no post id
  }
}

// crypto.randomUUID exists only in secure contexts; a phone on http://<laptop's address> is not one.
function randomKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function openPost(postId) {
  if (!postId) throw new Error('Give a post id.');
  const post = await call('GET', `/posts/${encodeURIComponent(postId)}`);
  const previous = demo.postId;
  demo.postId = post.id;
  $('post-heading').textContent = post.title;
  $('post-ref').textContent = `Post ${post.id}`;
  $('thread').hidden = false;
  if (!demo.live) {
    demo.live = follow(post.id);
  } else {
    // Subscribe first: a socket left without subscriptions for a moment would get every post.
    demo.live.subscribe(post.id);
    if (previous && previous !== post.id) demo.live.unsubscribe(previous);
  }
  log('post', `opened ${post.id}`);
  render();
}

function follow(postId) {
  const live = connect({ url: socketUrl, apiBase: api, postIds: [postId], batch: true });
  live.on('state', ({ state, attempt, delayMs }) => {
    $('state').dataset.state = state;
    $('state').textContent = state;
    log('state', attempt ? `${state} (attempt ${attempt}, in ${Math.round(delayMs)} ms)` : state);
    if (state === 'open') live.send({ action: 'whoami' });
  });
  live.on('connection.info', (message) => {
    demo.connectionId = message.data.connectionId;
    log('connection', `id ${message.data.connectionId}`);
  });
  live.on('snapshot', ({ postId: id, comments, headRev, reason }) =>
    log('snapshot', `${comments.length} comments of ${id} at rev ${headRev} (${reason})`,
      { postId: id, count: comments.length, headRev, reason }));
  live.on('catchup', ({ postId: id, afterRev, headRev, count, reason }) =>
    log('catchup', `${count} changes of ${id} after rev ${afterRev} through /changes, now at rev ${headRev} (${reason})`,
      { postId: id, afterRev, headRev, count, reason }));
  for (const type of ['comment.created', 'comment.updated']) {
    live.on(type, (message) => {
      const { rev, action } = message.data;
      log(type, `rev ${rev}${action ? ` ${action}` : ''}${message.catchUp ? ' (catch-up)' : ''}`,
        { rev, catchUp: Boolean(message.catchUp) });
    });
  }
  live.on('comments', ({ postId: id }) => { if (id === demo.postId) render(); });
  live.on('problem', ({ message }) => log('problem', message));
  return live;
}

// --- the list -----------------------------------------------------------------------------------

const shown = new Set();

function render() {
  if (!demo.postId || !demo.live) return;
  const comments = demo.live.comments(demo.postId);
  const list = $('comments');
  const items = comments.map((comment) => {
    const item = $('comment-template').content.firstElementChild.cloneNode(true);
    item.dataset.id = comment.id;
    item.dataset.seq = String(comment.seq);
    item.dataset.rev = String(comment.rev);
    item.querySelector('.author').textContent = comment.username;
    item.querySelector('.when').textContent = new Date(comment.createdAt).toLocaleString();
    item.querySelector('.when').dateTime = comment.createdAt;
    item.querySelector('.edited').hidden = comment.updatedAt === comment.createdAt;
    item.querySelector('.content').textContent = comment.content;
    const mine = demo.user && demo.user.id === comment.userId;
    item.querySelector('.actions').hidden = !mine;
    item.querySelector('.edit').addEventListener('click', () => edit(item, comment).focus());
    item.querySelector('.delete').addEventListener('click', () =>
      guarded(() => call('DELETE', `/posts/${demo.postId}/comments/${comment.id}`)));
    if (!shown.has(comment.id)) item.classList.add('fresh');
    if (mine && editing.has(comment.id)) edit(item, comment);
    return item;
  });
  const focused = document.activeElement && document.activeElement.closest('.comment');
  const focusedId = focused ? focused.dataset.id : null;
  list.replaceChildren(...items);
  if (focusedId) {
    const area = list.querySelector(`.comment[data-id="${CSS.escape(focusedId)}"] .edit-content`);
    if (area) area.focus();
  }
  for (const id of editing.keys()) if (!comments.some((c) => c.id === id)) editing.delete(id);
  shown.clear();
  for (const comment of comments) shown.add(comment.id);
  $('empty').hidden = comments.length > 0;
  $('send').disabled = !demo.user;
  $('content').placeholder = demo.user ? 'Say something' : 'Pick a user name first';
}

// Drafts of comments being edited, by id: the list is redrawn on every change, and an edit in
// progress must survive someone else's comment arriving.
const editing = new Map();

function edit(item, comment) {
  if (!editing.has(comment.id)) editing.set(comment.id, comment.content);
  const area = document.createElement('textarea');
  area.className = 'edit-content';
  area.value = editing.get(comment.id);
  area.rows = 3;
  area.addEventListener('input', () => editing.set(comment.id, area.value));
  const save = document.createElement('button');
  save.type = 'button';
  save.className = 'save';
  save.textContent = 'Save';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'cancel';
  cancel.textContent = 'Cancel';
  save.addEventListener('click', () => guarded(async () => {
    await call('PATCH', `/posts/${demo.postId}/comments/${comment.id}`, { content: area.value });
    editing.delete(comment.id);
    render();
  }));
  cancel.addEventListener('click', () => {
    editing.delete(comment.id);
    render();
  });
  item.querySelector('.content').replaceWith(area);
  item.querySelector('.actions').replaceChildren(save, cancel);
  return area;
}

// --- toasts for the other posts -------------------------------------------------------------------

function toast(text) {
  const box = document.createElement('div');
  box.className = 'toast';
  box.textContent = text;
  $('toasts').append(box);
  setTimeout(() => box.remove(), 6000);
  while ($('toasts').children.length > 4) $('toasts').firstElementChild.remove();
}

function watchEverything() {
  const everything = connect({ url: socketUrl, apiBase: api, postIds: [], batch: true });
  everything.on('comment.created', ({ data }) => {
    if (data.postId === demo.postId) return;
    toast(`${data.comment.username} commented on post ${data.postId.slice(0, 8)}…: ${excerpt(data.comment.content)}`);
  });
  everything.on('comment.updated', ({ data }) => {
    if (data.postId === demo.postId) return;
    toast(`A comment on post ${data.postId.slice(0, 8)}… was ${data.action}`);
  });
  return everything;
}

function excerpt(text) {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

// --- wiring -------------------------------------------------------------------------------------

$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded(() => signIn($('user-name').value.trim()));
});
$('new-post').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded(async () => {
    if (!demo.user) throw new Error('Pick a user name first.');
    const post = await call('POST', '/posts', { title: $('post-title').value });
    $('post-title').value = '';
    location.hash = `post=${post.id}`;
  });
});
$('open-post').addEventListener('submit', (event) => {
  event.preventDefault();
  const id = $('post-id').value.trim().toLowerCase();
  if (postFromAddress() === id) guarded(() => openPost(id));
  else location.hash = `post=${encodeURIComponent(id)}`;
});
$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded(async () => {
    if (!demo.user) throw new Error('Pick a user name first.');
    await call('POST', `/posts/${demo.postId}/comments`, { content: $('content').value },
      { idempotencyKey: randomKey() });
    $('content').value = '';
  });
});
window.addEventListener('hashchange', () => {
  const id = postFromAddress();
  if (id) guarded(() => openPost(id));
});

demo.everything = watchEverything();
const remembered = sessionStorage.getItem('livecomments.user');
if (remembered) guarded(() => signIn(remembered));
const initial = postFromAddress();
if (initial) guarded(() => openPost(initial));
