/**
 * Chrome keeps a page in its back/forward cache and shows it again, as it was, on Back. A form
 * restored that way must send a new submission, not the one it already sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type Browser } from './support/browser';
import { outboxFor, recordFor, refOf, uniqueEmail, url } from './support/site';

const COACH = 'coach@unstuck.localhost';

/** Goes back, and fails unless the page came out of the back/forward cache (a "persisted" pageshow). */
async function goBackToCachedPage(page: Page) {
  await page.goBack({ waitUntil: 'commit' });
  const restored = await page
    .waitForFunction(() => (window as unknown as { restoredFromCache?: boolean }).restoredFromCache === true, null, { timeout: 10_000 })
    .then(() => true, () => false);
  expect(restored, 'the page came back from the back/forward cache').toBe(true);
}

describe('a form page restored by the back/forward cache', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch({ backForwardCache: true });
  });
  afterAll(() => browser?.close());

  it('sends a changed homework commitment as a second submission, stored and emailed', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      addEventListener('pageshow', (event) => {
        if (event.persisted) (window as unknown as { restoredFromCache: boolean }).restoredFromCache = true;
      });
    });
    const email = uniqueEmail('back-forward');
    await page.goto(url('/homework/?exercise=energy-audit'));
    await page.locator('#field-what').fill('Send two applications');
    // The server checks deadlines against the real clock: mid-January next year is always ahead.
    await page.locator('#field-when').fill(`${new Date().getUTCFullYear() + 1}-01-15T09:00`);
    await page.locator('#field-howWillIKnow').fill('I will email you both links');
    await page.locator('#field-name').fill('Sam');
    await page.locator('#field-email').fill(email);
    await page.getByRole('button', { name: 'Commit to it' }).click();
    await page.waitForURL(/\/thanks\/homework\/\?ref=/);
    const first = refOf(page);

    await goBackToCachedPage(page);
    await page.locator('#field-what').fill('Send three applications');
    await page.getByRole('button', { name: 'Commit to it' }).click();
    await page.waitForURL(/\/thanks\/homework\/\?ref=/);
    const second = refOf(page);

    expect(second).not.toBe(first);

    const records = (await Promise.all([recordFor('commitment', first), recordFor('commitment', second)])) as { data: { what: string } }[];
    expect(records.map((record) => record.data.what)).toEqual(['Send two applications', 'Send three applications']);
    for (const id of [first, second]) expect((await outboxFor(id)).filter((m) => m.to[0] === COACH)).toHaveLength(1);
  });
});
