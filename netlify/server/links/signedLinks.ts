/**
 * Links sent by email that act for someone (sign-in, check-ins, comment moderation,
 * unsubscribe). Each carries what it is for (`purpose`), a random link id (`lid`), an expiry
 * (`exp`) and an HMAC-SHA256 signature (`sig`) over the site's origin, its path, those three
 * and every other parameter. A URL that repeats any parameter is refused before anything
 * else, so what was signed and what a handler reads can never differ. How a link acts once:
 * linkAction.ts, and docs/decisions/004-one-time-links.md.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { html } from '../web/html.ts';
import { page } from '../web/respond.ts';

const PURPOSE = 'purpose';
const LINK_ID = 'lid';
const EXPIRES = 'exp';
const SIGNATURE = 'sig';
const RESERVED = new Set([PURPOSE, LINK_ID, EXPIRES, SIGNATURE]);

/** Names the signature's format, so a future change of format cannot be confused with this one. */
const FORMAT = 'unstuck-link/1';
const PURPOSE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
const LINK_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const EXPIRES_PATTERN = /^\d{1,12}$/;

export interface LinkKeys {
  /** SIGNING_SECRET. */
  secret: string;
  /** SITE_URL: links are signed for this origin and refused on any other. */
  siteUrl: string;
}

export interface LinkToSign {
  /** What the link does, e.g. `check-in`; the endpoint that receives it expects exactly this. */
  purpose: string;
  /** The endpoint's path on the site, e.g. `/api/links/check-in`. */
  path: string;
  /** What the endpoint needs to act, e.g. `{ commitment, answer }`. Never personal data: URLs end up in logs. */
  params?: Record<string, string>;
  expiresAt: Date;
  /**
   * Links that share an id are one choice: using any of them uses them all (Done / Partly /
   * Not yet for one check-in; Approve / Reject for one comment). A fresh one by default.
   */
  lid?: string;
}

/** A link that passed verification. */
export interface VerifiedLink {
  purpose: string;
  /** Random, unique per link (or per choice); the key it is marked used under, and an idempotency key for its action. */
  lid: string;
  expiresAt: Date;
  params: Readonly<Record<string, string>>;
}

export type LinkRefusal = 'incomplete' | 'malformed' | 'tampered' | 'wrong-purpose' | 'expired';
export type LinkCheck = { ok: true; link: VerifiedLink } | { ok: false; reason: LinkRefusal };

/** A new random link id (128 bits). */
export const newLinkId = (): string => randomBytes(16).toString('base64url');

/**
 * The exact text that is signed. JSON makes it unambiguous (no value can pass for a separator),
 * and names are sorted by code unit, not by locale, so every machine builds the same text.
 */
function canonical(origin: string, path: string, purpose: string, lid: string, exp: string, params: [string, string][]): string {
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([FORMAT, origin, path, purpose, lid, exp, sorted]);
}

const hmac = (text: string, secret: string) => createHmac('sha256', secret).update(text).digest('base64url');

/** The full link, to put in an email. Throws on a programmer's mistake (a reserved or odd name). */
export function signLink(link: LinkToSign, { secret, siteUrl }: LinkKeys): string {
  const { purpose, path, params = {}, expiresAt, lid = newLinkId() } = link;
  if (!PURPOSE_PATTERN.test(purpose)) throw new Error(`Link purpose "${purpose}" must be lower-case words joined by dashes`);
  if (!path.startsWith('/') || /[?#]/.test(path)) throw new Error(`Link path "${path}" must be a path, without ? or #`);
  if (!LINK_ID_PATTERN.test(lid)) throw new Error('A link id must be 16 to 64 URL-safe characters; use newLinkId()');
  const reserved = Object.keys(params).filter((name) => RESERVED.has(name));
  if (reserved.length > 0) throw new Error(`Link parameters cannot be named ${reserved.join(', ')}`);

  const url = new URL(path, siteUrl);
  const exp = String(Math.floor(expiresAt.getTime() / 1000));
  url.searchParams.set(PURPOSE, purpose);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  url.searchParams.set(LINK_ID, lid);
  url.searchParams.set(EXPIRES, exp);
  url.searchParams.set(SIGNATURE, hmac(canonical(url.origin, url.pathname, purpose, lid, exp, Object.entries(params)), secret));
  return url.href;
}

/**
 * Checks a link as it arrived (the request's URL) for the endpoint that expects `purpose`.
 * The signature is checked against this site's origin, not the request's host, which
 * proxies and domain aliases may change; a link signed for another site fails it.
 */
export function verifyLink(link: string | URL, { secret, siteUrl, purpose, now }: LinkKeys & { purpose: string; now: Date }): LinkCheck {
  const url = new URL(link);
  const entries = [...url.searchParams];
  const names = new Set(entries.map(([name]) => name));
  if (names.size !== entries.length) return { ok: false, reason: 'malformed' };
  const all = new Map(entries);
  const [given, exp, lid, linkPurpose] = [all.get(SIGNATURE), all.get(EXPIRES), all.get(LINK_ID), all.get(PURPOSE)];
  if (!given || !exp || !lid || !linkPurpose) return { ok: false, reason: 'incomplete' };

  const params = entries.filter(([name]) => !RESERVED.has(name));
  const expected = Buffer.from(hmac(canonical(new URL(siteUrl).origin, url.pathname, linkPurpose, lid, exp, params), secret));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'tampered' };
  // From here on every value is one this site signed.
  if (!EXPIRES_PATTERN.test(exp) || !LINK_ID_PATTERN.test(lid)) return { ok: false, reason: 'malformed' };
  if (linkPurpose !== purpose) return { ok: false, reason: 'wrong-purpose' };
  const expiresAt = new Date(Number(exp) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, link: { purpose, lid, expiresAt, params: Object.fromEntries(params) } };
}

const EXPLANATIONS: Record<LinkRefusal, string> = {
  incomplete: 'This link is incomplete. Please use the whole link from your email; some email programs break long links across lines.',
  malformed: 'This link is not the way it was sent: part of it appears twice. Please use the link exactly as it is in your email.',
  tampered: 'This link has been changed since it was sent, so it cannot be used. Please use the link exactly as it is in your email.',
  'wrong-purpose': 'This link is meant for something else, so it cannot be used here. Please use the link exactly as it is in your email.',
  expired: 'This link has expired. Links in emails only work for a while, to keep your information safe. Reply to the email and I will send a fresh one.',
};

/** The answer to a link that failed verification: nothing happened, and what to do instead. */
export function refusedLinkPage(reason: LinkRefusal): Response {
  return page(403, 'This link cannot be used', html`<h1>This link cannot be used</h1>\n<p>${EXPLANATIONS[reason]}</p>\n<p><a href="/">Go to the home page</a></p>`);
}
