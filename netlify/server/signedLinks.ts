/**
 * Links sent by email that change something (check-ins, comment moderation) carry an
 * HMAC-SHA256 signature over their path and parameters, and an expiry. Verification is in
 * constant time; a tampered or expired link is refused with a plain 403 page.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { page } from './respond.ts';

const SIGNATURE = 'sig';
const EXPIRES = 'exp';

function canonical(url: URL): string {
  const params = [...url.searchParams].filter(([name]) => name !== SIGNATURE).sort(([a, av], [b, bv]) => a.localeCompare(b) || av.localeCompare(bv));
  return `${url.pathname}?${new URLSearchParams(params).toString()}`;
}

const sign = (text: string, secret: string) => createHmac('sha256', secret).update(text).digest('base64url');

/** Returns the link with `exp` (unix seconds) and `sig` added. */
export function signLink(link: string | URL, { secret, expiresAt }: { secret: string; expiresAt: Date }): string {
  const url = new URL(link);
  url.searchParams.delete(SIGNATURE);
  url.searchParams.set(EXPIRES, String(Math.floor(expiresAt.getTime() / 1000)));
  url.searchParams.set(SIGNATURE, sign(canonical(url), secret));
  return url.href;
}

export type LinkCheck = { ok: true; params: URLSearchParams } | { ok: false; reason: 'unsigned' | 'tampered' | 'expired' };

export function verifyLink(link: string | URL, { secret, now }: { secret: string; now: Date }): LinkCheck {
  const url = new URL(link);
  const given = url.searchParams.get(SIGNATURE);
  const expires = Number(url.searchParams.get(EXPIRES));
  if (!given || !url.searchParams.has(EXPIRES)) return { ok: false, reason: 'unsigned' };
  const expected = Buffer.from(sign(canonical(url), secret));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'tampered' };
  // Checked after the signature, so an expiry cannot be extended by editing it.
  if (!Number.isFinite(expires) || expires * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  const params = new URLSearchParams(url.searchParams);
  params.delete(SIGNATURE);
  params.delete(EXPIRES);
  return { ok: true, params };
}

const EXPLANATIONS = {
  unsigned: 'This link is incomplete. Please use the whole link from your email; some email programs break long links across lines.',
  tampered: 'This link has been changed since it was sent, so it cannot be used. Please use the link exactly as it is in your email.',
  expired: 'This link has expired. Links in emails only work for a while, to keep your information safe. Reply to the email and I will send a fresh one.',
} as const;

/** The answer to a link that failed verification. */
export function refusedLinkPage(reason: Exclude<LinkCheck, { ok: true }>['reason']): Response {
  return page(403, 'This link cannot be used', `<h1>This link cannot be used</h1>\n<p>${EXPLANATIONS[reason]}</p>\n<p><a href="/">Go to the home page</a></p>`);
}
