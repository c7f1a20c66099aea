/**
 * The links comments put in emails, signed (signedLinks.ts) for the endpoint that receives each:
 * Approve / Reject (one choice, one link id), Reply, and a reader's Unsubscribe. None carries
 * personal data: a comment id and a decision.
 *
 * Their link ids and expiry derive from the comment (an HMAC of its id with the signing secret,
 * and its arrival time), not from chance: an email rendered again on a retry is byte for byte
 * the one rendered first, which is what Resend's idempotency key needs (decision 006), without
 * keeping a rendered copy. The ids are as unguessable as random ones to anyone without the secret.
 */
import { createHmac } from 'node:crypto';
import { signLink, type LinkKeys } from '../links/signedLinks.ts';

const DAY_MS = 24 * 3600_000;

/** Approve or Reject one comment: two links sharing one id, so using one uses both. */
export const MODERATE = { purpose: 'comment-moderate', path: '/api/comments/moderate', comment: 'c', decision: 'd' } as const;
/** Opens a page with a box for the coach's reply; its POST publishes the reply, once. */
export const REPLY = { purpose: 'comment-reply', path: '/api/comments/reply', comment: 'c' } as const;
/** Stops reply emails to the address a comment was sent from; harmless to repeat, so reusable. */
export const UNSUBSCRIBE = { purpose: 'comment-unsubscribe', path: '/api/comments/unsubscribe', comment: 'c' } as const;

export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

/** How long the coach's links in a moderation email work. */
export const MODERATION_LINK_DAYS = 14;
/** How long the unsubscribe link in a reply email works. */
export const UNSUBSCRIBE_LINK_DAYS = 365;

/** A link id that only this site can compute for this purpose and comment (22 URL-safe characters, 132 bits). */
export function derivedLinkId(secret: string, purpose: string, commentId: string): string {
  return createHmac('sha256', secret).update(`comment-link\n${purpose}\n${commentId}`).digest('base64url').slice(0, 22);
}

const after = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS);

/** Approve, Reject and Reply for one comment, valid 14 days from its arrival. */
export function moderationLinks(comment: { id: string; createdAt: string }, keys: LinkKeys): Record<Decision | 'reply', string> {
  const expiresAt = after(comment.createdAt, MODERATION_LINK_DAYS);
  const lid = derivedLinkId(keys.secret, MODERATE.purpose, comment.id);
  const decide = (decision: Decision) =>
    signLink({ purpose: MODERATE.purpose, path: MODERATE.path, params: { [MODERATE.comment]: comment.id, [MODERATE.decision]: decision }, expiresAt, lid }, keys);
  return {
    approve: decide('approve'),
    reject: decide('reject'),
    reply: signLink({ purpose: REPLY.purpose, path: REPLY.path, params: { [REPLY.comment]: comment.id }, expiresAt, lid: derivedLinkId(keys.secret, REPLY.purpose, comment.id) }, keys),
  };
}

/** The unsubscribe link in the email about a reply, valid a year from the reply. */
export function unsubscribeLink(commentId: string, replyCreatedAt: string, keys: LinkKeys): string {
  return signLink(
    {
      purpose: UNSUBSCRIBE.purpose,
      path: UNSUBSCRIBE.path,
      params: { [UNSUBSCRIBE.comment]: commentId },
      expiresAt: after(replyCreatedAt, UNSUBSCRIBE_LINK_DAYS),
      lid: derivedLinkId(keys.secret, UNSUBSCRIBE.purpose, commentId),
    },
    keys,
  );
}
