/**
 * What waits for the coach among the comments, for the desk's home and the morning summary:
 * how many comments wait for her decision (those past the hourly email cap included, which were
 * never emailed and so must be counted somewhere she looks), how many posts are held as spam,
 * and the oldest few, named.
 */
import type { Catalog } from '../catalog.ts';
import { ok, type Result } from '../result.ts';
import type { StoreError } from '../storeCall.ts';
import type { CommentStore } from './commentStore.ts';

export interface WaitingComment {
  id: string;
  postSlug: string;
  postTitle: string;
  name: string;
  createdAt: string;
  /** The start of the comment, on one line. */
  excerpt: string;
  /** False when no email about it will come (past the hourly cap, or refused for good): only the desk and the summary show it. */
  emailed: boolean;
}

export interface CommentsWaiting {
  /** Comments waiting for approval. */
  count: number;
  /** Of those, the ones no email will come about (past the hourly cap, or refused for good). */
  notEmailed: number;
  /** Posts held as spam, for the coach to release or delete. */
  held: number;
  /** At most `limit` waiting comments: those no email came about first, then the oldest. */
  first: WaitingComment[];
}

const EXCERPT_CHARS = 140;

/**
 * Only the two counts, from two list calls and no reads, for the desk's home, which is opened
 * often: a comment waits from its arrival until the coach decides (its `waiting/` marker).
 */
export async function commentsWaitingCount(deps: { comments: CommentStore }): Promise<Result<{ count: number; held: number }, StoreError>> {
  const waiting = await deps.comments.countWaiting();
  if (!waiting.ok) return waiting;
  const held = await deps.comments.countHeld();
  if (!held.ok) return held;
  return ok({ count: waiting.value, held: held.value });
}

export async function commentsWaiting(deps: { comments: CommentStore; catalog: Catalog }, { limit = 5 } = {}): Promise<Result<CommentsWaiting, StoreError>> {
  const listed = await deps.comments.listWaiting();
  if (!listed.ok) return listed;
  const held = await deps.comments.listHeld();
  if (!held.ok) return held;
  const waiting: WaitingComment[] = [];
  for (const { id } of listed.value) {
    const found = await deps.comments.get(id);
    if (!found.ok) return found;
    const entry = found.value;
    // A marker without a comment is left by a failed attempt (retention removes it), and a decided one is being cleared.
    if (!entry || entry.state !== 'pending') continue;
    const flat = entry.body.replace(/\s+/g, ' ').trim();
    waiting.push({
      id,
      postSlug: entry.postSlug,
      postTitle: deps.catalog.posts[entry.postSlug]?.title ?? entry.postSlug,
      name: entry.name,
      createdAt: entry.createdAt,
      excerpt: flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat,
      emailed: entry.moderation.status !== 'capped' && entry.moderation.status !== 'failed',
    });
  }
  // listWaiting gives them oldest first; a stable sort keeps that order within each group.
  const first = [...waiting].sort((a, b) => Number(a.emailed) - Number(b.emailed)).slice(0, limit);
  return ok({ count: waiting.length, notEmailed: waiting.filter((w) => !w.emailed).length, held: held.value.length, first });
}
