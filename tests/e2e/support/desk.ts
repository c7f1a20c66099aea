/**
 * A signed-in coach for browser tests, without the emailed link: a session created in the
 * running site's desk store the way the sign-in confirmation creates one
 * (netlify/server/desk/routes/signIn.ts), and its signed cookie set in the browser. The site
 * sends at most five sign-in emails an hour; only desk.e2e.test.ts's first test spends one,
 * to keep the emailed flow itself covered.
 */
import { getStore } from '@netlify/blobs';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { createDeskStore, DESK_STORE } from '#server/desk/deskStore.ts';
import { cookieValue, newSessionId, SESSION_COOKIE, SESSION_HOURS } from '#server/desk/session.ts';
import type { Browser } from './browser';
import { baseUrl, url } from './site';

/** A new tab in `browser`, signed in to the desk (any earlier session's cookie replaced), showing the inbox. */
export async function signedInPage(browser: Browser): Promise<Page> {
  process.env.NETLIFY_BLOBS_CONTEXT = inject('blobsContext');
  const desk = createDeskStore(getStore({ name: DESK_STORE, consistency: 'strong' }));
  const sid = newSessionId();
  const now = new Date();
  const created = await desk.createSession(sid, { createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString() });
  if (!created.ok) throw new Error(`Could not create a desk session: ${JSON.stringify(created)}`);
  await browser.context.clearCookies({ name: SESSION_COOKIE });
  await browser.context.addCookies([{ name: SESSION_COOKIE, value: cookieValue(sid, inject('signingSecret')), url: baseUrl(), httpOnly: true, sameSite: 'Lax' }]);
  const page = await browser.context.newPage();
  await page.goto(url('/coach/'));
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  return page;
}
