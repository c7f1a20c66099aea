/**
 * The coach's desk in a real browser, as the coach uses it: sign in from the link in the
 * outbox, deal with a post held as spam, follow homework from the Overdue and To text queues
 * to a client's page, find the activity, sign out; every desk page
 * accessible (axe, light and dark), usable at 320 px, and without a single script.
 * Only the first test signs in by email (the desk sends five sign-in emails an hour at most);
 * the others start signed in (support/desk.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getStore } from '@netlify/blobs';
import { inject } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import type { OutboxMessage } from '#local/outboxMailer.ts';
import { createLoopStore, overdueKey, textKey } from '#server/loop/loopStore.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { launch, type Browser } from './support/browser';
import { signedInPage } from './support/desk';
import { PDF_BYTES, uniqueEmail, url } from './support/site';

const COACH = 'coach@unstuck.localhost';

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** The sign-in emails in the local outbox so far. */
async function signInEmails(): Promise<OutboxMessage[]> {
  const messages = (await (await fetch(url('/dev/outbox.json'))).json()) as OutboxMessage[];
  return messages.filter((m) => m.subject.includes('sign-in link'));
}

/** The sign-in link emailed after `before` emails: it is sent just after the page answers, so wait a little for it. */
async function nextSignInLink(before: number): Promise<string> {
  for (let tries = 0; tries < 50; tries++) {
    const emails = await signInEmails();
    if (emails.length > before) return /(http:\/\/\S+\/coach\/sign-in\/confirm\?\S+)/.exec(emails.at(-1)!.text)![1]!;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('No sign-in link was emailed');
}

async function signIn(page: Page) {
  await page.context().clearCookies(); // each test signs in afresh
  await page.goto(url('/coach/'));
  await page.getByLabel('Your email address').fill(COACH);
  const before = (await signInEmails()).length;
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.goto(await nextSignInLink(before));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
}

/** A reflection a bot sent (its hidden field filled), posted as a plain form would be. */
async function holdSpam(name: string) {
  const body = new URLSearchParams({ name, email: uniqueEmail('held'), inquiry: 'failing-slowly', reflection: 'Cheap pills, great prices.', [HONEYPOT_FIELD]: 'yes' });
  const response = await fetch(url('/api/reflections'), { method: 'POST', body, redirect: 'manual' });
  expect(response.status).toBe(303);
}

/** The path of the first client page the inbox links to. */
async function clientPageOf(page: Page): Promise<string> {
  await page.goto(url('/coach/'));
  return (await page.locator('a[href^="/coach/clients/"]').first().getAttribute('href'))!;
}

/** The loop store of the running site, as its scheduler and check-in pages write it. */
function siteLoopStore() {
  process.env.NETLIFY_BLOBS_CONTEXT = inject('blobsContext');
  return createLoopStore(getStore({ name: 'submissions', consistency: 'strong' }));
}

/**
 * A client who prefers texts with a commitment a week away, stored through the site, and its
 * loop a few steps in: the reminder to text, the check-in failed, overdue, a note in their words.
 */
async function commitmentWithLoop(name: string): Promise<{ path: string; id: string }> {
  const email = uniqueEmail('desk-loop');
  const id = crypto.randomUUID();
  const deadline = new Date(Date.now() + 7 * 86_400_000);
  deadline.setUTCSeconds(0, 0);
  const body = new URLSearchParams({ id, name, email, what: 'Write to <three> people I admire', when: deadline.toISOString().slice(0, 16), timeZone: 'UTC', howWillIKnow: 'I will forward the emails.' });
  expect((await fetch(url('/api/commitments'), { method: 'POST', body, headers: { Accept: 'application/json' } })).status).toBe(201);
  const hash = emailHash(email);
  const loop = siteLoopStore();
  const at = (days: number) => new Date(deadline.getTime() + days * 86_400_000).toISOString();
  const started = await loop.start({
    version: 1,
    commitmentId: id,
    clientHash: hash,
    deadline: deadline.toISOString(),
    timeZone: 'UTC',
    channel: 'text',
    startedAt: new Date().toISOString(),
    checkInLid: 'lid-e2e',
    plan: { reminder: at(-1), 'check-in': at(0), 'follow-up': at(2) },
    sends: {
      reminder: { state: 'skipped', at: at(-1), idempotencyKey: `loop/${id}/reminder`, attempts: 0, why: 'text' },
      'check-in': { state: 'failed', at: at(0), idempotencyKey: `loop/${id}/check-in`, attempts: 1, why: 'validation_error' },
    },
    answer: { answer: 'partly', at: at(1), by: 'client', note: 'One of the <three> so far.', files: ['draft reply.pdf'] },
  });
  expect(started.ok).toBe(true);
  await loop.mark(textKey(id, 'reminder'));
  await loop.mark(overdueKey(id));
  return { path: `/coach/clients/${hash}/`, id };
}

describe('the coach at her desk', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it('signs in from the emailed link, releases a post held as spam, sees it in the activity, and signs out', async () => {
    await holdSpam('Grace Held');
    const page = await browser.context.newPage();
    await signIn(page);

    await page.getByRole('link', { name: 'Held as spam' }).first().click();
    const item = page.getByRole('article').filter({ hasText: 'Grace Held' });
    await item.getByRole('button', { name: 'Not spam: deliver it' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Released');
    await expect(page.getByRole('article').filter({ hasText: 'Grace Held' }).count()).resolves.toBe(0);

    await page.getByRole('link', { name: 'Activity' }).click();
    await expect(page.getByRole('table').textContent()).resolves.toContain('Released from spam');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('You are signed out');
    await page.goto(url('/coach/activity/'));
    await page.getByRole('heading', { name: 'Sign in to your desk' }).waitFor();
  });

  it('walks the inbox to a client’s page and downloads the resume they sent, as an attachment', async () => {
    const email = uniqueEmail('desk-client');
    const form = new FormData();
    for (const [name, value] of Object.entries({
      name: 'Walter Walk', email, timeZone: 'Europe/Berlin', currentSituation: 'Analyst.', whyNow: 'Now.', goals: 'A product role.',
      success3Months: 'Three calls.', success12Months: 'A new job.', strengths: 'Curious.', values: 'Craft.', obstacles: 'Doubt.', accountability: 'email', consent: 'on',
    })) form.append(name, value);
    form.append('resume', new File([PDF_BYTES], 'walter-cv.pdf', { type: 'application/pdf' }));
    expect((await fetch(url('/api/intake'), { method: 'POST', body: form, headers: { Accept: 'application/json' } })).status).toBe(201);
    const page = await signedInPage(browser);

    await page.getByRole('searchbox', { name: 'Client name or email' }).fill('walter');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('link', { name: 'Walter Walk' }).click();
    await page.getByRole('heading', { name: 'Walter Walk', level: 1 }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /walter-cv\.pdf/ }).click()]);

    expect(download.suggestedFilename()).toBe('walter-cv.pdf');
    expect(Buffer.from(await (await import('node:fs/promises')).readFile((await download.path())!))).toEqual(PDF_BYTES);
  });

  it('sees a commitment’s loop on the client’s page, finds it in the queues, and takes a text off the list', async () => {
    const { path, id } = await commitmentWithLoop('Lena Loop');
    const page = await signedInPage(browser);

    await page.getByRole('link', { name: 'Overdue' }).click();
    await page.getByRole('link', { name: 'Lena Loop' }).click();
    await page.getByRole('heading', { name: 'Lena Loop', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(path);
    const loop = page.getByRole('region', { name: 'Reminders and check-ins' });
    await expect(loop.textContent()).resolves.toContain('Overdue: no answer after the follow-up.');
    await expect(loop.textContent()).resolves.toContain('One of the <three> so far.');
    await expect(loop.getByRole('listitem').filter({ hasText: 'Check-in' }).textContent()).resolves.toContain('failed for good');

    await loop.getByRole('link', { name: 'To text' }).click();
    const item = page.getByRole('article').filter({ hasText: 'Lena Loop' });
    await expect(item.getByRole('heading').textContent()).resolves.toContain('about “Write to <three> people I admire”');
    await item.getByRole('button', { name: 'Done, I texted' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Marked as texted');
    await expect(page.getByRole('article').filter({ hasText: 'Lena Loop' }).count()).resolves.toBe(0);
    expect(await siteLoopStore().listMarks(`texts/${id}`)).toEqual({ ok: true, value: [] });
  });

  it('has no script on any page, no axe violations in light or dark mode, and fits 320 px', async () => {
    await holdSpam('Ada Held');
    const { path: withLoop } = await commitmentWithLoop('Lou Looped');
    // A blog comment waiting for approval, with a long address, for the Comments page.
    const comment = { post: 'homework-that-actually-gets-done', comment: 'Waiting on the desk.', name: 'Wanda Waiting', email: uniqueEmail('a-rather-long-commenter-address'), website: 'https://wanda.example/a/long/path/to/a/page' };
    expect((await fetch(url('/api/comments'), { method: 'POST', headers: { Accept: 'application/json' }, body: new URLSearchParams(comment) })).status).toBe(201);
    const page = await signedInPage(browser);
    const client = await clientPageOf(page);
    for (const path of ['/coach/', '/coach/spam/', '/coach/pending/', '/coach/activity/', client, `${client}reading/`, withLoop, '/coach/overdue/', '/coach/texts/', '/coach/comments/']) {
      await page.goto(url(path));
      expect(await page.locator('script').count(), path).toBe(0);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        expect(await violations(page), `${path} ${colorScheme}`).toEqual([]);
      }
      await page.setViewportSize({ width: 320, height: 640 });
      await expect(page.evaluate(() => document.documentElement.scrollWidth), path).resolves.toBeLessThanOrEqual(320);
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to your desk' }).waitFor();
    expect(await violations(page)).toEqual([]);
  }, 180_000); // twenty-one axe runs: over a minute on a busy two-core machine
});
