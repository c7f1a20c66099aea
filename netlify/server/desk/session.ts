/**
 * The coach's signed-in session: a random id in a signed cookie, and the session itself in the
 * desk store, so signing out ends it everywhere. HttpOnly (no script reads it), Secure except
 * on plain-http localhost, SameSite=Lax (so a link to the desk in an email opens signed in;
 * state-changing requests are also checked for their origin), 12 hours. Over https its name
 * starts `__Host-`: the browser then takes it only from this host, Secure, for Path=/, so a
 * sibling subdomain cannot set one that shadows it.
 *
 * Signing in also leaves a "known device" cookie (signed, about a year): a browser that has
 * signed in before is always sent its sign-in link, whatever strangers have asked for.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isLocalHttp } from '../origin.ts';
import type { Result } from '../result.ts';
import type { DeskStore, Session } from './deskStore.ts';

export const SESSION_COOKIE = 'unstuck_coach';
export const SESSION_HOURS = 12;
export const DEVICE_COOKIE = 'unstuck_coach_device';
/** As long as browsers keep a cookie (Chrome caps Max-Age at 400 days). */
export const DEVICE_DAYS = 400;

/** A cookie's name on this site: `__Host-` over https; plain on http://localhost, where the prefix (which needs Secure) would be dropped. */
export const cookieName = (name: string, siteUrl: string) => (isLocalHttp(siteUrl) ? name : `__Host-${name}`);

const sign = (sid: string, secret: string, purpose = 'coach-session') => createHmac('sha256', secret).update(`${purpose}\n${sid}`).digest('base64url');

export const newSessionId = () => randomBytes(24).toString('base64url');

/** The cookie value for a session id. */
export const cookieValue = (sid: string, secret: string) => `${sid}.${sign(sid, secret)}`;

/** The id in a request's cookie of that name, if its signature (for that purpose) is right. */
function signedIdFrom(req: Request, name: string, secret: string, purpose?: string): string | null {
  const cookies = req.headers.get('cookie') ?? '';
  const value = cookies
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  if (!value) return null;
  const [sid, given, extra] = value.split('.');
  if (!sid || !given || extra !== undefined) return null;
  const expected = Buffer.from(sign(sid, secret, purpose));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? sid : null;
}

/** The session id in a request's cookie, if its signature is right. */
export const sessionIdFrom = (req: Request, { secret, siteUrl }: { secret: string; siteUrl: string }) => signedIdFrom(req, cookieName(SESSION_COOKIE, siteUrl), secret);

const attributes = (siteUrl: string, maxAge: number) => ['Path=/', `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Lax', ...(isLocalHttp(siteUrl) ? [] : ['Secure'])].join('; ');

export function sessionCookie(sid: string, { secret, siteUrl }: { secret: string; siteUrl: string }): string {
  return `${cookieName(SESSION_COOKIE, siteUrl)}=${cookieValue(sid, secret)}; ${attributes(siteUrl, SESSION_HOURS * 3600)}`;
}

export function clearedSessionCookie(siteUrl: string): string {
  return `${cookieName(SESSION_COOKIE, siteUrl)}=; ${attributes(siteUrl, 0)}`;
}

/** The known-device cookie set at sign-in: a random id, signed, so nothing is stored for it. */
export function deviceCookie({ secret, siteUrl }: { secret: string; siteUrl: string }): string {
  const id = newSessionId();
  return `${cookieName(DEVICE_COOKIE, siteUrl)}=${id}.${sign(id, secret, 'coach-device')}; ${attributes(siteUrl, DEVICE_DAYS * 24 * 3600)}`;
}

/** Whether this browser has signed in to the desk before (its known-device cookie is one the desk signed). */
export const isKnownDevice = (req: Request, { secret, siteUrl }: { secret: string; siteUrl: string }) =>
  signedIdFrom(req, cookieName(DEVICE_COOKIE, siteUrl), secret, 'coach-device') !== null;

export type SessionCheck = { signedIn: true; sid: string; session: Session } | { signedIn: false; unavailable?: boolean };

/** Whether the request comes from a signed-in coach: a signed cookie naming a live session. */
export async function checkSession(req: Request, { secret, siteUrl, desk, now }: { secret: string; siteUrl: string; desk: DeskStore; now: Date }): Promise<SessionCheck> {
  const sid = sessionIdFrom(req, { secret, siteUrl });
  if (!sid) return { signedIn: false };
  const found: Result<Session | null, { name: string }> = await desk.getSession(sid);
  if (!found.ok) return { signedIn: false, unavailable: true };
  if (!found.value || Date.parse(found.value.expiresAt) <= now.getTime()) return { signedIn: false };
  return { signedIn: true, sid, session: found.value };
}
