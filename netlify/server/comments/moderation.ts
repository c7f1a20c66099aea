/**
 * What the coach can do to a comment, the same from an emailed link and from the desk: approve,
 * reject, reply, edit, delete, release from spam; and what a reader can do: stop reply emails.
 * Each is idempotent (a link pressed twice after a crash, a double click on the desk) and says
 * what it found as a value. Anything that changes a published page asks for a build (rebuild.ts).
 *
 * Approving publishes first and then marks the comment approved, so a crash in between leaves a
 * comment that is still waiting (approve again, or reject, which removes the copy). A reply is
 * written notice → published reply, so a reply is never published without its reader's email
 * known to the retry task; the email checks that the reply is published before it goes.
 */
import { SITE } from '#src/site.config.ts';
import { ok, type Result } from '../result.ts';
import type { StoreError } from '../storeCall.ts';
import { emailHash } from '../submissions/submissionStore.ts';
import type { CommentDeps } from './commentDeps.ts';
import type { CommentEntry } from './commentStore.ts';
import type { PublishedComment } from './published.ts';
import { requestRebuild } from './rebuild.ts';

type Deps = Pick<CommentDeps, 'comments' | 'clock' | 'log'>;

/** The longest reply or edited comment, in characters. */
export const MAX_REPLY_LENGTH = 5000;

/** What the public sees of a reader's comment: never the email. */
export function publishedCopy(entry: CommentEntry): PublishedComment {
  return {
    id: entry.id,
    postSlug: entry.postSlug,
    name: entry.name,
    ...(entry.website ? { website: entry.website } : {}),
    body: entry.body,
    createdAt: entry.createdAt,
    byCoach: false,
  };
}

export type ApproveOutcome = 'approved' | 'already-approved' | 'was-rejected' | 'not-found';

/** `afterRejecting`: the coach publishes, from the desk, a comment she rejected before. */
export async function approveComment(id: string, deps: Deps, { afterRejecting = false } = {}): Promise<Result<ApproveOutcome, StoreError>> {
  const found = await deps.comments.get(id);
  if (!found.ok) return found;
  const entry = found.value;
  if (!entry) return ok('not-found');
  if (entry.state === 'rejected' && !afterRejecting) return ok('was-rejected');
  // Create-only: approving again never undoes the coach's edit of the published copy.
  const published = await deps.comments.publishNew(publishedCopy(entry));
  if (!published.ok) return published;
  const now = deps.clock();
  const decided = await deps.comments.update(id, (current) =>
    current.state === 'pending' || (current.state === 'rejected' && afterRejecting) ? { ...current, state: 'approved', decidedAt: now.toISOString() } : null,
  );
  if (!decided.ok) return decided;
  if (decided.value?.state === 'rejected') {
    // Rejected on the desk while this approval ran: the copy goes again.
    const removed = await deps.comments.unpublish(entry.postSlug, id);
    return removed.ok ? ok('was-rejected') : removed;
  }
  const cleared = await deps.comments.clearWaiting(id);
  if (!cleared.ok) return cleared;
  if (entry.state !== 'approved' || published.value.created) {
    const asked = await requestRebuild(deps, now, 'approve');
    if (!asked.ok) return asked;
  }
  deps.log.info('comments.approved', { id });
  return ok(entry.state === 'approved' ? 'already-approved' : 'approved');
}

export type RejectOutcome = 'rejected' | 'already-rejected' | 'is-published' | 'not-found';

export async function rejectComment(id: string, deps: Deps): Promise<Result<RejectOutcome, StoreError>> {
  const now = deps.clock();
  let changed = false;
  const decided = await deps.comments.update(id, (current) => {
    changed = current.state === 'pending';
    return changed ? { ...current, state: 'rejected', decidedAt: now.toISOString() } : null;
  });
  if (!decided.ok) return decided;
  const entry = decided.value;
  if (!entry) return ok('not-found');
  if (entry.state === 'approved') return ok('is-published');
  // A copy left by an approval that crashed half way goes too.
  const removed = await deps.comments.unpublish(entry.postSlug, id);
  if (!removed.ok) return removed;
  if (removed.value) {
    const asked = await requestRebuild(deps, now, 'reject');
    if (!asked.ok) return asked;
  }
  const cleared = await deps.comments.clearWaiting(id);
  if (!cleared.ok) return cleared;
  deps.log.info('comments.rejected', { id });
  return ok(changed ? 'rejected' : 'already-rejected');
}

export type ReplyOutcome = { outcome: 'replied' | 'already-replied'; reply: PublishedComment; notify: boolean } | { outcome: 'was-rejected' } | { outcome: 'not-found' };

/**
 * Publishes the coach's reply under a reader's comment (approving the comment first if it was
 * waiting: a reply to words nobody can see makes no sense). `replyId` makes it idempotent: the
 * same id is the same reply. `notify` says a reply email is due (the caller sends it).
 */
export async function replyToComment(parentId: string, replyId: string, body: string, deps: Deps): Promise<Result<ReplyOutcome, StoreError>> {
  const found = await deps.comments.get(parentId);
  if (!found.ok) return found;
  const parent = found.value;
  if (!parent) return ok({ outcome: 'not-found' });
  if (parent.state === 'rejected') return ok({ outcome: 'was-rejected' });
  if (parent.state === 'pending') {
    const approved = await approveComment(parentId, deps);
    if (!approved.ok) return approved;
    if (approved.value === 'was-rejected') return ok({ outcome: 'was-rejected' });
    if (approved.value === 'not-found') return ok({ outcome: 'not-found' });
  }
  const now = deps.clock();
  const reply: PublishedComment = { id: replyId, postSlug: parent.postSlug, parentId, name: SITE.coachName, body, createdAt: now.toISOString(), byCoach: true };
  if (parent.notify) {
    const noticed = await deps.comments.createNotice({ replyId, parentId, postSlug: parent.postSlug, createdAt: reply.createdAt, email: { status: 'pending', attempts: 0 } });
    if (!noticed.ok) return noticed;
  }
  const published = await deps.comments.publishNew(reply);
  if (!published.ok) return published;
  const asked = await requestRebuild(deps, now, 'reply');
  if (!asked.ok) return asked;
  if (!published.value.created) {
    const earlier = await deps.comments.getPublished(parent.postSlug, replyId);
    if (!earlier.ok) return earlier;
    return ok({ outcome: 'already-replied', reply: earlier.value ?? reply, notify: parent.notify });
  }
  deps.log.info('comments.replied', { id: parentId, replyId });
  return ok({ outcome: 'replied', reply, notify: parent.notify });
}

export interface Edit {
  body: string;
  /** A reader's comment only: the coach's replies keep her name. */
  name?: string;
  website?: string;
}

/** Rewrites a published comment or reply (the entry keeps what the reader sent). */
export async function editPublished(postSlug: string, id: string, edit: Edit, deps: Deps): Promise<Result<'edited' | 'not-found', StoreError>> {
  const found = await deps.comments.getPublished(postSlug, id);
  if (!found.ok) return found;
  const current = found.value;
  if (!current) return ok('not-found');
  const now = deps.clock().toISOString();
  const { website: _website, ...rest } = current;
  const edited: PublishedComment = current.byCoach
    ? { ...current, body: edit.body, editedAt: now }
    : { ...rest, body: edit.body, name: edit.name ?? current.name, ...(edit.website ? { website: edit.website } : {}), editedAt: now };
  const written = await deps.comments.publish(edited);
  if (!written.ok) return written;
  if (!current.byCoach) {
    const marked = await deps.comments.update(id, (entry) => ({ ...entry, editedAt: now }));
    if (!marked.ok) return marked;
  }
  const asked = await requestRebuild(deps, deps.clock(), 'edit');
  if (!asked.ok) return asked;
  deps.log.info('comments.edited', { id });
  return ok('edited');
}

/**
 * Deletes a comment for good: a reader's, in any state, with its published copy, the coach's
 * replies to it and everything stored about it; or one of the coach's replies.
 */
export async function deleteComment(postSlug: string, id: string, deps: Deps): Promise<Result<'deleted' | 'not-found', StoreError>> {
  const found = await deps.comments.getPublished(postSlug, id);
  if (!found.ok) return found;
  let unpublished: boolean;
  if (found.value?.byCoach) {
    const removed = await deps.comments.unpublish(postSlug, id);
    if (!removed.ok) return removed;
    const notice = await deps.comments.deleteNotice(id);
    if (!notice.ok) return notice;
    unpublished = removed.value;
  } else {
    const removed = await deps.comments.remove(id);
    if (!removed.ok) return removed;
    if (removed.value.removed.length === 0) return ok('not-found');
    unpublished = removed.value.unpublished;
  }
  if (unpublished) {
    const asked = await requestRebuild(deps, deps.clock(), 'delete');
    if (!asked.ok) return asked;
  }
  deps.log.info('comments.deleted', { id });
  return ok('deleted');
}

/** Stops reply emails to the address a comment came from, for every comment from it. */
export async function unsubscribe(commentId: string, deps: Deps): Promise<Result<'unsubscribed' | 'not-found', StoreError>> {
  const found = await deps.comments.get(commentId);
  if (!found.ok) return found;
  if (!found.value) return ok('not-found');
  const mine = await deps.comments.listByClient(emailHash(found.value.email));
  if (!mine.ok) return mine;
  for (const entry of mine.value.entries.filter((e) => e.notify)) {
    const stopped = await deps.comments.update(entry.id, (current) => (current.notify ? { ...current, notify: false } : null));
    if (!stopped.ok) return stopped;
  }
  deps.log.info('comments.unsubscribed', { id: commentId });
  return ok('unsubscribed');
}
