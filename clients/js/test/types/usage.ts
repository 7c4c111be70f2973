// Compiled by `npm run typecheck` only: the public API as a user's editor sees it.
import { connect, type Comment, type StateEvent } from '../../src/index.js';

const live = connect({
  url: 'ws://localhost:8080/ws',
  apiBase: 'http://localhost:8080/api/v1',
  postIds: ['p1'],
  token: async () => 'jwt',
  reconnect: { maxAttempts: 5, jitter: 'full' },
});
const stop: () => void = live.on('state', (event: StateEvent) => console.log(event.state, event.attempt));
live.on('comment.created', (event) => console.log(event.data.comment.content, event.data.rev));
live.on('comment.updated', (event) => console.log(event.data.action, event.data.comment?.content));
live.on('snapshot', (event) => console.log(event.headRev, event.reason, event.comments.length));
live.on('catchup', (event) => console.log(event.afterRev, event.headRev, event.count, event.reason));
live.on('comments', (event) => console.log(event.postId, event.comments.length));
live.on('problem', (event) => console.log(event.message, event.cause));
live.on('custom.type', (event) => console.log(event));
live.subscribe('p2');
live.unsubscribe('p1');
const list: Comment[] = live.comments('p2');
const state: 'connecting' | 'open' | 'reconnecting' | 'closed' = live.state;
console.log(list, state);
stop();
live.close();
