/**
 * A check-in in a real browser, with and without JavaScript: the client opens the Done link from
 * their email, adds a note, presses the one button and sees the celebration; Partly shows the
 * homework form filled in with their words. Every page has no script of its own and no axe
 * violations in light or dark mode. The loop state is started directly (the scheduler that
 * sends check-in emails is tested on its own), and the links are signed as its emails sign them.
 */
import AxeBuilder from '@axe-core/playwright';
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkInId } from '#server/checkIn/checkInAction.ts';
import { checkInLinks } from '#server/loop/loopLinks.ts';
import { createLoopStore, type LoopState } from '#server/loop/loopStore.ts';
import { newLinkId } from '#server/links/signedLinks.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { launch, type Browser } from './support/browser';
import { baseUrl, outboxFor, recordFor, uniqueEmail, url } from './support/site';

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** No script on the page; and, where JavaScript runs (axe runs inside the page), no axe violations. The HTML is the same without it. */
async function noViolations(page: Page, label: string, javaScript: boolean) {
  expect(await page.locator('script').count(), label).toBe(0);
  if (!javaScript) return;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await violations(page), `${label} ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 320, height: 640 });
  await expect(page.evaluate(() => document.documentElement.scrollWidth), `${label} at 320 px`).resolves.toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** "2026-12-08T09:00", ten days from now: a deadline the homework form accepts. */
const tenDaysOn = () => new Date(Date.now() + 10 * 24 * 3600_000).toISOString().slice(0, 11) + '09:00';

/** Homework stored through its endpoint, its loop started, and the three links of its check-in email. */
async function homework(what: string) {
  const email = uniqueEmail('check-in');
  const body = { name: 'Rosa Díaz', email, what, when: tenDaysOn(), timeZone: 'Europe/Berlin', howWillIKnow: 'I will forward you the sent email.' };
  const response = await fetch(url('/api/commitments'), { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  process.env.NETLIFY_BLOBS_CONTEXT = inject('blobsContext');
  const deadline = new Date(Date.now() + 10 * 24 * 3600_000).toISOString();
  const state: LoopState = {
    version: 1,
    commitmentId: id,
    clientHash: emailHash(email),
    deadline,
    timeZone: 'Europe/Berlin',
    channel: 'email',
    startedAt: new Date().toISOString(),
    checkInLid: newLinkId(),
    plan: { 'check-in': deadline },
    sends: {},
  };
  const started = await createLoopStore(getStore({ name: 'submissions', consistency: 'strong' })).start(state);
  expect(started.ok).toBe(true);
  return { id, checkIn: checkInId(state.checkInLid), links: checkInLinks(state, { secret: inject('signingSecret'), siteUrl: baseUrl() }, state.checkInLid) };
}

describe.each([true, false])('a check-in with JavaScript %s', (javaScript) => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch({ javaScript });
  });
  afterAll(() => browser?.close());

  it('opens from the Done link, takes a note, and celebrates once the button is pressed', async () => {
    const { checkIn, links } = await homework('Send one message to Priya');
    const page = await browser.context.newPage();

    await page.goto(links.done);
    await page.getByRole('heading', { level: 1, name: 'Is it done? Tell me' }).waitFor();
    await expect(page.locator('blockquote').textContent()).resolves.toContain('You said you would: Send one message to Priya, by');
    await noViolations(page, 'check-in page', javaScript);
    await page.getByLabel(/Anything you would like to add\?/).fill('Sent it on Tuesday; she said yes!');
    await page.getByRole('button', { name: 'Yes, it is done' }).click();

    await page.getByRole('heading', { level: 1, name: 'That is a win' }).waitFor();
    await expect(page.locator('.lede').textContent()).resolves.toContain('Send one message to Priya');
    expect(new URL(page.url()).pathname).toBe('/api/check-in');
    await noViolations(page, 'celebration', javaScript);
    // A reload shows the celebration again and records nothing more.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'That is a win' }).waitFor();

    const record = (await recordFor('check-in', checkIn)) as { data: Record<string, unknown> };
    expect(record.data).toMatchObject({ answer: 'done', note: 'Sent it on Tuesday; she said yes!' });
    const emails = await outboxFor(checkIn);
    expect(emails.map((m) => m.subject).sort()).toEqual(['A win from Rosa Díaz: Send one message to Priya', 'You did it: that is a win']);
    await page.close();
  });

  it('offers the homework form, filled in, after "Partly", and sends it on to a new date', async () => {
    const { id, links } = await homework('Draft the cover letter');
    const page = await browser.context.newPage();

    await page.goto(links.partly);
    await page.getByRole('button', { name: 'Send: partly done' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you for telling me' }).waitFor();
    await expect(page.getByLabel(/What will you do\?/).inputValue()).resolves.toBe('Draft the cover letter');
    await expect(page.getByLabel(/Your time zone/).inputValue()).resolves.toBe('Europe/Berlin');
    await noViolations(page, 'new date page', javaScript);

    await page.getByLabel(/What will you do\?/).fill('Draft the first paragraph');
    await page.getByLabel(/When will you do it\?/).fill(tenDaysOn());
    await page.getByRole('button', { name: 'Set my new date' }).click();
    await page.waitForURL(/\/thanks\/homework\/\?ref=/);
    const ref = new URL(page.url()).searchParams.get('ref')!;
    const record = (await recordFor('commitment', ref)) as { data: Record<string, unknown> };
    expect(record.data).toMatchObject({ what: 'Draft the first paragraph', follows: id, followsWhat: 'Draft the cover letter' });
    await page.close();
  });

  it('keeps the note when a file is refused, says what is wrong by the field, and records once the file is left out', async () => {
    const { checkIn, links } = await homework('Send the portfolio');
    const page = await browser.context.newPage();

    await page.goto(links.done);
    await page.getByLabel(/Anything you would like to add\?/).fill('Here it is.');
    await page.getByLabel(/A file that shows it/).setInputFiles({ name: 'portfolio.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><body>not a pdf</body></html>') });
    await page.getByRole('button', { name: 'Yes, it is done' }).click();

    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expect(page.getByLabel(/Anything you would like to add\?/).inputValue()).resolves.toBe('Here it is.');
    await expect(page.getByLabel(/A file that shows it/).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#field-evidence-error').textContent()).resolves.toContain('portfolio.pdf');
    await noViolations(page, 'refused file', javaScript);
    expect(await recordFor('check-in', checkIn)).toBeNull();

    await page.getByRole('button', { name: 'Yes, it is done' }).click();
    await page.getByRole('heading', { level: 1, name: 'That is a win' }).waitFor();
    expect(await recordFor('check-in', checkIn)).toMatchObject({ data: { note: 'Here it is.' } });
    await page.close();
  });
});
