/**
 * The coach's signed-in session: a random id in a signed cookie, and the session itself in the
 * desk store, so signing out ends it everywhere. HttpOnly (no script reads it), Secure except
 * on plain-http localhost, SameSite=Lax (so a link to the desk in an email opens signed in;
 * state-changing requests are also checked for their origin), 12 hours.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isLocalHttp } from '../origin.ts';
import type { Result } from '../result.ts';
import type { DeskStore, Session } from './deskStore.ts';

export const SESSION_COOKIE = 'unstuck_coach';
export const SESSION_HOURS = 12;

const sign = (sid: string, secret: string) => createHmac('sha256', secret).update(`coach-session\n${sid}`).digest('base64url');

export const newSessionId = () => randomBytes(24).toString('base64url');

/** The cookie value for a session id. */
export const cookieValue = (sid: string, secret: string) => `${sid}.${sign(sid, secret)}`;

/** The session id in a request's cookie, if its signature is right. */
export function sessionIdFrom(req: Request, secret: string): string | null {
  const cookies = req.headers.get('cookie') ?? '';
  const value = cookies
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  if (!value) return null;
  const [sid, given, extra] = value.split('.');
  if (!sid || !given || extra !== undefined) return null;
  const expected = Buffer.from(sign(sid, secret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? sid : null;
}


export function sessionCookie(sid: string, { secret, siteUrl }: { secret: string; siteUrl: string }): string {
  return [`${SESSION_COOKIE}=${cookieValue(sid, secret)}`, 'Path=/', `Max-Age=${SESSION_HOURS * 3600}`, 'HttpOnly', 'SameSite=Lax', ...(isLocalHttp(siteUrl) ? [] : ['Secure'])].join('; ');
}

export function clearedSessionCookie(siteUrl: string): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'Max-Age=0', 'HttpOnly', 'SameSite=Lax', ...(isLocalHttp(siteUrl) ? [] : ['Secure'])].join('; ');
}

export type SessionCheck = { signedIn: true; sid: string; session: Session } | { signedIn: false; unavailable?: boolean };

/** Whether the request comes from a signed-in coach: a signed cookie naming a live session. */
export async function checkSession(req: Request, { secret, desk, now }: { secret: string; desk: DeskStore; now: Date }): Promise<SessionCheck> {
  const sid = sessionIdFrom(req, secret);
  if (!sid) return { signedIn: false };
  const found: Result<Session | null, { name: string }> = await desk.getSession(sid);
  if (!found.ok) return { signedIn: false, unavailable: true };
  if (!found.value || Date.parse(found.value.expiresAt) <= now.getTime()) return { signedIn: false };
  return { signedIn: true, sid, session: found.value };
}
