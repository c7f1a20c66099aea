/**
 * Under `npm start`: the published comments, read from the local store on every page view, so a
 * comment approved from the outbox shows on the post at the next reload. The local runtime
 * (local/runtime.ts) has pointed NETLIFY_BLOBS_CONTEXT at its store by the time a page is asked for.
 */
import { readCommentsFor, type CommentsByPost } from './commentsStore.ts';

let warned = false;

export async function loadLiveComments(): Promise<CommentsByPost> {
  const read = await readCommentsFor(process.env, process.cwd());
  if (read.ok) return read.value.byPost;
  // A page without its comments still shows; say why once rather than on every view.
  if (!warned) console.warn(`[unstuck] Comments are left out of the pages: ${read.error}`);
  warned = true;
  return {};
}
