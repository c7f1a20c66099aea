/**
 * Sending the emails about comments, each once, through the one paced mailer:
 *
 * - the coach's moderation email for a new comment. At most MODERATION_EMAILS_PER_HOUR go out in
 *   a UTC hour (create-only slots, like the desk's sign-in cap), so a flood of comments cannot
 *   spend the email allowance; past the cap a comment is not emailed and waits on the desk's
 *   Comments queue, which the morning summary counts (commentsWaiting.ts).
 * - the one email telling a reader the coach replied, only for an approved comment whose reader
 *   asked for it, keyed by the reply (`comment-reply/<reply-id>`), deleted once sent.
 *
 * Each attempt's outcome is recorded by compare-and-swap; the scheduler's retry task sends what is
 * still pending when it is due (the one retry state machine, mail/retryState.ts; backoff as decision 006). The messages depend only on what is
 * stored, so a retry sends the same payload under the same key.
 */
import { isDueNow, nextRetryState } from '../mail/retryState.ts';
import type { Result } from '../result.ts';
import type { SendError } from '../mail/mailer.ts';
import type { Budget } from '../budget.ts';
import { commentEmailSettings, type CommentDeps } from './commentDeps.ts';
import { moderationEmail, moderationKey, replyNoticeEmail, replyNoticeKey } from './commentEmails.ts';
import type { EmailState } from './commentStore.ts';

/** Moderation emails a UTC hour, at most: a busy day's comments, never a flood's. */
export const MODERATION_EMAILS_PER_HOUR = 10;

/** A notice whose reply was never published (a crash in between) is dropped after this. */
const ORPHAN_NOTICE_MS = 15 * 60_000;

/** `done`: nothing left to send; `pending`: the retry task tries again; `deferred`: the paced sender is full. */
export type SendOutcome = 'done' | 'pending' | 'deferred';

export const isDue = (state: EmailState, now: Date) => isDueNow(state, now);

/** The state after an attempt; null for a send the paced sender put off (nothing was tried). */
function afterSend(state: EmailState, sent: Result<{ id: string }, SendError>, now: Date): EmailState | null {
  return nextRetryState(state, sent, now);
}

function logOutcome(deps: CommentDeps, event: string, where: Record<string, string>, sent: Result<{ id: string }, SendError>) {
  if (sent.ok) deps.log.info(`${event}_sent`, where);
  else if (sent.error.kind === 'permanent') deps.log.error(`${event}_failed`, { ...where, error: sent.error.name, status: sent.error.status, permanent: true });
  else if (sent.error.kind !== 'deferred' && sent.error.kind !== 'already_sent') deps.log.warn(`${event}_failed`, { ...where, error: sent.error.name });
}

/** Sends the coach's email about a comment if it is still waiting for her and not yet sent. */
export async function sendModerationEmail(id: string, deps: CommentDeps, now: Date = deps.clock()): Promise<SendOutcome> {
  const loaded = await deps.comments.get(id);
  if (!loaded.ok) return 'pending';
  const entry = loaded.value;
  // Decided already (on the desk, say): the email has nothing left to ask.
  if (!entry || entry.state !== 'pending' || entry.moderation.status !== 'pending') return 'done';
  if (!isDue(entry.moderation, now)) return 'pending';

  const settings = commentEmailSettings(deps);
  if (!settings.ready) {
    for (const variable of settings.variables) deps.log.error('comments.moderation_missing_setting', { id, variable });
    await deps.comments.update(id, (current) =>
      current.moderation.status === 'pending' && current.moderation.lastError !== 'missing_setting' ? { ...current, moderation: { ...current.moderation, lastError: 'missing_setting' } } : null,
    );
    return 'pending';
  }

  if (!entry.moderation.slotTaken) {
    const slot = await deps.comments.claimModerationSlot(now, MODERATION_EMAILS_PER_HOUR);
    if (!slot.ok) return 'pending';
    if (!slot.value) {
      deps.log.warn('comments.moderation_capped', { id, cap: MODERATION_EMAILS_PER_HOUR });
      const capped = await deps.comments.update(id, (current) => (current.moderation.status === 'pending' ? { ...current, moderation: { ...current.moderation, status: 'capped' } } : null));
      return capped.ok ? 'done' : 'pending';
    }
  }

  const title = deps.catalog.posts[entry.postSlug]?.title ?? entry.postSlug;
  const sent = await deps.mailer.send(moderationEmail(entry, title, settings.value), { idempotencyKey: moderationKey(id) });
  logOutcome(deps, 'comments.moderation', { id }, sent);
  const next = afterSend(entry.moderation, sent, deps.clock());
  const saved = await deps.comments.update(id, (current) => {
    if (current.moderation.status !== 'pending') return null;
    // Put off by the sender: the slot is this email's all the same.
    if (!next) return current.moderation.slotTaken ? null : { ...current, moderation: { ...current.moderation, slotTaken: true } };
    return { ...current, moderation: { ...next, slotTaken: true } };
  });
  if (!saved.ok) deps.log.warn('comments.moderation_state_unsaved', { id, error: saved.error.name });
  if (!next) return 'deferred';
  return next.status === 'pending' ? 'pending' : 'done';
}

/** Sends the email about a reply, if the reader still wants it and the reply is published; once. */
export async function sendReplyNotice(replyId: string, deps: CommentDeps, now: Date = deps.clock()): Promise<SendOutcome> {
  const found = await deps.comments.getNotice(replyId);
  if (!found.ok) return 'pending';
  const notice = found.value;
  if (!notice || notice.email.status !== 'pending') return 'done';
  if (!isDue(notice.email, now)) return 'pending';

  const [parent, reply] = await Promise.all([deps.comments.get(notice.parentId), deps.comments.getPublished(notice.postSlug, replyId)]);
  if (!parent.ok || !reply.ok) return 'pending';
  const skip = async (why: string) => {
    deps.log.info('comments.reply_notice_skipped', { replyId, why });
    return (await deps.comments.deleteNotice(replyId)).ok ? 'done' : 'pending';
  };
  // Nobody is emailed about a comment that is not approved, or who has said stop.
  if (!parent.value || parent.value.state !== 'approved') return skip('comment not published');
  if (!parent.value.notify) return skip('unsubscribed');
  if (!reply.value) return now.getTime() - Date.parse(notice.createdAt) >= ORPHAN_NOTICE_MS ? skip('reply not published') : 'pending';

  const settings = commentEmailSettings(deps);
  if (!settings.ready) {
    for (const variable of settings.variables) deps.log.error('comments.reply_notice_missing_setting', { replyId, variable });
    return 'pending';
  }
  const title = deps.catalog.posts[notice.postSlug]?.title ?? notice.postSlug;
  const sent = await deps.mailer.send(replyNoticeEmail(parent.value, reply.value, title, settings.value), { idempotencyKey: replyNoticeKey(replyId) });
  logOutcome(deps, 'comments.reply_notice', { replyId }, sent);
  const next = afterSend(notice.email, sent, deps.clock());
  if (!next) return 'deferred';
  // Sent: nothing about it is kept (the key keeps Resend from sending it twice meanwhile).
  if (next.status === 'sent') return (await deps.comments.deleteNotice(replyId)).ok ? 'done' : 'pending';
  const saved = await deps.comments.updateNotice(replyId, (current) => (current.email.status === 'pending' ? { ...current, email: next } : null));
  if (!saved.ok) deps.log.warn('comments.reply_notice_state_unsaved', { replyId, error: saved.error.name });
  return next.status === 'pending' ? 'pending' : 'done';
}

export interface CommentMailSummary {
  waiting: number;
  notices: number;
  /** Comments and notices looked at (sent, found not due, or settled). */
  checked: number;
  deferred: number;
  failed: boolean;
}

/** The scheduler's pass: every moderation email and reply notice still pending and due, within the run's budget. */
export async function retryCommentEmails(deps: CommentDeps, { now, budget }: { now: Date; budget: Budget }): Promise<CommentMailSummary> {
  const summary: CommentMailSummary = { waiting: 0, notices: 0, checked: 0, deferred: 0, failed: false };
  const [waiting, notices] = await Promise.all([deps.comments.listWaiting(), deps.comments.listNotices()]);
  if (!waiting.ok || !notices.ok) {
    deps.log.error('comments.retry_list_failed', {});
    return { ...summary, failed: true };
  }
  summary.waiting = waiting.value.length;
  const pendingNotices = notices.value.filter((n) => isDue(n.email, now));
  summary.notices = pendingNotices.length;
  const work = [...waiting.value.map(({ id }) => () => sendModerationEmail(id, deps, now)), ...pendingNotices.map((n) => () => sendReplyNotice(n.replyId, deps, now))];
  for (const send of work) {
    if (!budget.hasTime()) {
      summary.deferred += 1;
      continue;
    }
    const outcome = await send();
    if (outcome === 'deferred') {
      summary.deferred += 1;
      break;
    }
    summary.checked += 1;
  }
  return summary;
}
