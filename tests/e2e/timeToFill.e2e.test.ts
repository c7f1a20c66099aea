/**
 * How long a client spent on a form is measured by the page, on its own monotonic clock, from
 * the first edit in this page view; the server never compares its clock with the browser's.
 * Playwright's clock stands in for time passing, so nothing here waits or depends on speed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ELAPSED_MS_FIELD } from '#src/forms/spamFields.ts';
import { launch, type Browser } from './support/browser';
import { draftSaved, fillIntake } from './support/intake';
import { recordFor, refOf, uniqueEmail, url } from './support/site';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The fields the page sends with fetch when `send` submits the form. */
async function sentFields(page: Page, send: () => Promise<void>): Promise<FormData> {
  const [request] = await Promise.all([page.waitForRequest((request) => request.method() === 'POST'), send()]);
  const contentType = (await request.headerValue('content-type')) ?? '';
  return new Response(new Uint8Array(request.postDataBuffer() ?? []), { headers: { 'Content-Type': contentType } }).formData();
}

describe('the time a client spends on a form, as the page measures it', () => {
  let browser: Browser;
  beforeEach(async () => {
    browser = await launch();
  });
  afterEach(() => browser?.close());

  it('counts from the first edit, not from opening the page, and ignores the machine clock being changed', async () => {
    const page = await browser.context.newPage();
    await page.clock.install();
    await page.goto(url('/homework/?exercise=energy-audit'));
    await page.clock.pauseAt(Date.now() + 10 * MINUTE); // the page sits open, untouched, for ten minutes

    await page.locator('#field-what').fill('Send two applications');
    await page.clock.fastForward(30_000);
    await page.clock.setSystemTime(Date.now() - 5 * HOUR); // the machine's clock is set back five hours
    // The server checks deadlines against the real clock: mid-January next year is always ahead.
    await page.locator('#field-when').fill(`${new Date().getUTCFullYear() + 1}-01-15T09:00`);
    await page.locator('#field-howWillIKnow').fill('I will email you both links');
    await page.locator('#field-name').fill('Sam');
    await page.locator('#field-email').fill(uniqueEmail('elapsed'));
    await page.clock.fastForward(15_000);
    const sent = await sentFields(page, () => page.getByRole('button', { name: 'Commit to it' }).click());

    expect(sent.get(ELAPSED_MS_FIELD)).toBe(String(45_000));
  });

  it('sends no time at all for a restored intake draft sent without an edit, and it is delivered', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('/intake/'));
    await fillIntake(page, uniqueEmail('restored'));
    await draftSaved(page);
    await page.reload();
    await page.locator('.draft-status', { hasText: 'Welcome back' }).waitFor();

    const sent = await sentFields(page, () => page.getByRole('button', { name: 'Send my answers' }).click());
    await page.waitForURL(/\/thanks\/intake\/\?ref=/);

    expect(sent.get(ELAPSED_MS_FIELD)).toBe('0');
    expect(await recordFor('intake', refOf(page))).not.toBeNull();
  });
});
