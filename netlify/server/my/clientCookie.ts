/**
 * The cookie a client's page link is exchanged for: who they are (their email hash), the version
 * of the link it came from, and when it ends, signed, so nothing is stored for it. HttpOnly (no
 * script reads it), Secure except on plain-http localhost, SameSite=Lax (a link in an email opens
 * the page signed in; the page's own posts are also checked for their origin), Path=/my (no other
 * part of the site ever receives it), 30 days. The coach revokes it, with every link, by raising the
 * client's link version (loop-clients/<hash>): a cookie of an older version is refused on sight.
 * Shaped like the desk's session cookie (desk/session.ts), without a stored session.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isLocalHttp } from '../origin.ts';

export const CLIENT_COOKIE = 'unstuck_client';
export const CLIENT_COOKIE_DAYS = 30;
export const CLIENT_COOKIE_PATH = '/my';

/** Who a valid cookie stands for. */
export interface ClientPass {
  /** The client's email hash (submissionStore.emailHash). */
  hash: string;
  /** The link version it was issued under; refused once the client's version has moved past it. */
  version: number;
}

export type CookieCheck = { ok: true; pass: ClientPass } | { ok: false; reason: 'absent' | 'tampered' | 'expired' };

const HASH = /^[0-9a-f]{32}$/;
const NUMBER = /^\d{1,12}$/;

/** A format tag in what is signed, so this signature can never pass for another of the site's. */
const sign = (body: string, secret: string) => createHmac('sha256', secret).update(`client-page/1\n${body}`).digest('base64url');

/** The cookie's value: `<hash>.<version>.<expires, unix seconds>.<signature>`. */
function cookieValue({ hash, version }: ClientPass, expiresAt: Date, secret: string): string {
  const body = `${hash}.${version}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${body}.${sign(body, secret)}`;
}

const attributes = (siteUrl: string, maxAge: number) =>
  [`Path=${CLIENT_COOKIE_PATH}`, `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Lax', ...(isLocalHttp(siteUrl) ? [] : ['Secure'])].join('; ');

export function clientCookie(pass: ClientPass, { secret, siteUrl, now }: { secret: string; siteUrl: string; now: Date }): string {
  const maxAge = CLIENT_COOKIE_DAYS * 24 * 3600;
  return `${CLIENT_COOKIE}=${cookieValue(pass, new Date(now.getTime() + maxAge * 1000), secret)}; ${attributes(siteUrl, maxAge)}`;
}

export function clearedClientCookie(siteUrl: string): string {
  return `${CLIENT_COOKIE}=; ${attributes(siteUrl, 0)}`;
}

/** The client a request's cookie stands for, if its signature is right and it has not ended. */
export function readClientCookie(req: Request, { secret, now }: { secret: string; now: Date }): CookieCheck {
  const value = (req.headers.get('cookie') ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${CLIENT_COOKIE}=`))
    ?.slice(CLIENT_COOKIE.length + 1);
  if (!value) return { ok: false, reason: 'absent' };
  const parts = value.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'tampered' };
  const [hash, version, expires, given] = parts as [string, string, string, string];
  const expected = Buffer.from(sign(`${hash}.${version}.${expires}`, secret));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'tampered' };
  // Signed by this site, so well formed; checked anyway, since a key is built from the hash.
  if (!HASH.test(hash) || !NUMBER.test(version) || !NUMBER.test(expires)) return { ok: false, reason: 'tampered' };
  if (Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, pass: { hash, version: Number(version) } };
}
