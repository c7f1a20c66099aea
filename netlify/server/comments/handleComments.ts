/**
 * Every request to /api/comments: the form's POST, and the three paths the links in comment
 * emails open. One small table, like the desk's router.
 */
import { COMMENT_ENDPOINT } from '#src/forms/comment.ts';
import type { BackgroundContext } from '../submissions/handleSubmission.ts';
import { html } from '../web/html.ts';
import { page } from '../web/respond.ts';
import type { CommentDeps } from './commentDeps.ts';
import { handleCommentLink } from './commentLinkActions.ts';
import { handleCommentPost } from './acceptComment.ts';

export async function handleComments(req: Request, deps: CommentDeps, context: BackgroundContext = {}): Promise<Response> {
  const pathname = new URL(req.url).pathname.replace(/\/+$/, '') || '/';
  if (pathname === COMMENT_ENDPOINT) {
    if (req.method === 'POST') return handleCommentPost(req, deps, context);
    return page(405, 'Not available', html`<h1>Not available</h1>\n<p>Comments are sent from the form under each post.</p>\n<p><a href="/blog/">Go to the blog</a></p>`, { Allow: 'POST' });
  }
  const link = handleCommentLink(req, pathname, deps, context.waitUntil ? { waitUntil: (work) => context.waitUntil!(work) } : {});
  return link ?? page(404, 'Not found', html`<h1>Nothing here</h1>\n<p><a href="/">Go to the home page</a></p>`);
}
