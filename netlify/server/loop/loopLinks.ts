/**
 * The links the homework loop puts in emails and pages, signed (signedLinks.ts) for the endpoint
 * that receives each. One place for their purposes, paths and parameters, so the email that
 * makes a link and the endpoint that checks it cannot disagree. None carries personal data:
 * a commitment id, an answer, an email hash and a version number.
 */
import { signLink, newLinkId, type LinkKeys } from '../links/signedLinks.ts';
import type { CheckInAnswer, LoopState } from './loopStore.ts';

const DAY_MS = 24 * 3600_000;

/** Done / Partly / Not yet for one commitment: three links sharing one id, so using one uses them all. */
export const CHECK_IN = { purpose: 'check-in', path: '/api/check-in', commitment: 'c', answer: 'a' } as const;
/** Opens the client's page: exchanged for a cookie on the button press. Works until it expires or the client's version moves on. */
export const MY_PAGE = { purpose: 'my-page', path: '/my/open', client: 'h', version: 'v' } as const;
/** Stops reminders and check-ins for a client (List-Unsubscribe and the link in the body). */
export const STOP_REMINDERS = { purpose: 'stop-reminders', path: '/api/stop-reminders', client: 'h' } as const;

/** A check-in can be answered for a month after its deadline; after that the coach records it. */
export const CHECK_IN_LINK_DAYS = 30;
export const MY_PAGE_LINK_DAYS = 90;
export const STOP_LINK_DAYS = 365;

/**
 * The three answer links of a commitment's check-in. `lid` is the choice's id: the loop keeps
 * one per commitment (its id is a fine one), so the reminder, the check-in, the follow-up and
 * the client's page all offer the same single choice.
 */
export function checkInLinks(state: Pick<LoopState, 'commitmentId' | 'deadline'>, keys: LinkKeys, lid: string = newLinkId()): Record<CheckInAnswer, string> {
  const expiresAt = new Date(Date.parse(state.deadline) + CHECK_IN_LINK_DAYS * DAY_MS);
  const link = (answer: CheckInAnswer) =>
    signLink({ purpose: CHECK_IN.purpose, path: CHECK_IN.path, params: { [CHECK_IN.commitment]: state.commitmentId, [CHECK_IN.answer]: answer }, expiresAt, lid }, keys);
  return { done: link('done'), partly: link('partly'), 'not-yet': link('not-yet') };
}

/** `lid`: a fresh one by default; the loop's emails pass one derived from the email (loopEmails.ts), so a resend is byte for byte the same. */
export function myPageLink(clientHash: string, version: number, keys: LinkKeys, now: Date, lid?: string): string {
  return signLink(
    { purpose: MY_PAGE.purpose, path: MY_PAGE.path, params: { [MY_PAGE.client]: clientHash, [MY_PAGE.version]: String(version) }, expiresAt: new Date(now.getTime() + MY_PAGE_LINK_DAYS * DAY_MS), ...(lid ? { lid } : {}) },
    keys,
  );
}

/** `lid`: as myPageLink. */
export function stopRemindersLink(clientHash: string, keys: LinkKeys, now: Date, lid?: string): string {
  return signLink(
    { purpose: STOP_REMINDERS.purpose, path: STOP_REMINDERS.path, params: { [STOP_REMINDERS.client]: clientHash }, expiresAt: new Date(now.getTime() + STOP_LINK_DAYS * DAY_MS), ...(lid ? { lid } : {}) },
    keys,
  );
}
