/**
 * Spam without a CAPTCHA. A bot that fills the hidden honeypot field is answered as if accepted
 * (so it learns nothing) but stored apart under spam/ and never emailed. A send faster than a
 * person types, free text with many links: both are kept and sent as usual, flagged for the
 * coach to review, because a client sending a restored draft, or pasting links, is a person too.
 */
import type { FieldMap } from '#src/forms/fields.ts';
import { ELAPSED_MS_FIELD, HONEYPOT_FIELD } from '#src/forms/spamFields.ts';

export type SpamVerdict = { held: true; reason: 'honeypot' } | { held: false; flags: string[] };

/** More links than this in one submission's free text marks it for review. */
export const MAX_LINKS_BEFORE_REVIEW = 3;

/**
 * Judges a post by its hidden fields alone. Time to fill is the page's own measure (see
 * ELAPSED_MS_FIELD): comparing the browser's clock with the server's would hold every client
 * whose clock runs fast.
 */
export function spamVerdict(fields: Record<string, unknown>, minFillMs: number): SpamVerdict {
  const honeypot = fields[HONEYPOT_FIELD];
  if (typeof honeypot === 'string' ? honeypot.trim() !== '' : honeypot !== undefined) return { held: true, reason: 'honeypot' };
  const elapsed = fields[ELAPSED_MS_FIELD];
  // Only pages with JavaScript measure; a plain HTML post sends the field empty.
  const elapsedMs = typeof elapsed === 'number' ? elapsed : typeof elapsed === 'string' && elapsed.trim() !== '' ? Number(elapsed) : Number.NaN;
  return { held: false, flags: Number.isFinite(elapsedMs) && elapsedMs < minFillMs ? ['fast-send'] : [] };
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
