/**
 * A post's published comments as the page shows them: each reader's comment, oldest first, with
 * the coach's replies to it underneath (one level). What the store holds is checked first, field
 * by field, and only the fields a page may show are kept: whatever else a record carries (an
 * email, say) never reaches the page.
 */
import * as z from 'zod/mini';

/** A comment id as the comments function makes them (a UUID), safe in an HTML id and a URL fragment. */
const COMMENT_ID = /^[A-Za-z0-9_-]{1,100}$/;
const isoDate = z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'not a date'));

/**
 * The published comment (netlify/server/comments/published.ts, PublishedComment) as the page may
 * show it. zod's object drops keys it does not name.
 */
export const PublishedCommentSchema = z.object({
  id: z.string().check(z.regex(COMMENT_ID)),
  postSlug: z.string().check(z.minLength(1)),
  parentId: z.optional(z.string().check(z.regex(COMMENT_ID))),
  name: z.string().check(z.minLength(1)),
  website: z.optional(z.string()),
  body: z.string(),
  createdAt: isoDate,
  editedAt: z.optional(isoDate),
  byCoach: z.boolean(),
});

export type ShownComment = z.infer<typeof PublishedCommentSchema>;

export interface CommentThread {
  comment: ShownComment;
  /** The coach's replies to it, oldest first. */
  replies: ShownComment[];
}

export interface PostComments {
  /** Every comment and reply shown. */
  count: number;
  threads: CommentThread[];
}

const byTime = (a: ShownComment, b: ShownComment) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * Threads a post's published comments. A reply shows only under a comment that is shown: one whose
 * comment was deleted, or that answers a reply, is left out rather than shown out of place.
 */
export function threadComments(comments: readonly ShownComment[]): PostComments {
  const sorted = [...comments].sort(byTime);
  const threads = sorted.filter((comment) => comment.parentId === undefined).map((comment) => ({ comment, replies: [] as ShownComment[] }));
  const byId = new Map(threads.map((thread) => [thread.comment.id, thread]));
  for (const reply of sorted) if (reply.parentId !== undefined) byId.get(reply.parentId)?.replies.push(reply);
  return { count: threads.reduce((total, thread) => total + 1 + thread.replies.length, 0), threads };
}

/** "No comments yet", "1 comment", "3 comments". */
export function commentCountLabel(count: number): string {
  if (count === 0) return 'No comments yet';
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'comment' : 'comments'}`;
}
