/**
 * Spam without a CAPTCHA. A bot that fills the hidden honeypot field, or sends the form
 * faster than a person can, is answered as if accepted (so it learns nothing) but stored
 * apart under spam/ and never emailed. Free text with many links is kept and sent as usual,
 * flagged for the coach to review, because real clients paste links too.
 */
import type { FieldMap } from '../../src/forms/fields.ts';
import { HONEYPOT_FIELD, STARTED_AT_FIELD } from '../../src/forms/spamFields.ts';

export type SpamVerdict = { spam: false } | { spam: true; reason: 'honeypot' | 'too-fast' };

/** More links than this in one submission's free text marks it for review. */
export const MAX_LINKS_BEFORE_REVIEW = 3;

export function spamVerdict(fields: Record<string, unknown>, now: Date, minFillMs: number): SpamVerdict {
  const honeypot = fields[HONEYPOT_FIELD];
  if (typeof honeypot === 'string' ? honeypot.trim() !== '' : honeypot !== undefined) return { spam: true, reason: 'honeypot' };
  const startedAt = Number(fields[STARTED_AT_FIELD]);
  // Only pages with JavaScript send the start time; a plain HTML post is judged by the honeypot alone.
  if (Number.isFinite(startedAt) && startedAt > 0 && now.getTime() - startedAt < minFillMs) return { spam: true, reason: 'too-fast' };
  return { spam: false };
}

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;

/** Counts links in the free-text answers (not in the fields meant for a web address). */
export function countLinks(fields: FieldMap, data: Record<string, unknown>): number {
  let count = 0;
  for (const [name, def] of Object.entries(fields)) {
    if (def.kind === 'url') continue;
    const value = data[name];
    if (typeof value === 'string') count += value.match(LINK)?.length ?? 0;
  }
  return count;
}

/** Review flags for a valid submission. */
export function reviewFlags(fields: FieldMap, data: Record<string, unknown>): string[] {
  return countLinks(fields, data) > MAX_LINKS_BEFORE_REVIEW ? ['many-links'] : [];
}
