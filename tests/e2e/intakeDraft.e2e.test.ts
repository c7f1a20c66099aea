/**
 * The intake draft is the client's only copy of a long questionnaire: it goes only once the
 * answers are really stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { launch, type Browser } from './support/browser';
import { draftSaved, fillIntake, ROSA } from './support/intake';
import { recordFor, refOf, uniqueEmail, url } from './support/site';

describe('the intake draft after Send', () => {
  let browser: Browser;
  beforeEach(async () => {
    browser = await launch();
  });
  afterEach(() => browser?.close());

  it('is kept when the hidden trap field was filled in, because that send is held as spam, not stored', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('/intake/'));
    await fillIntake(page, uniqueEmail('trapped'));
    await draftSaved(page);
    await page.locator(`[name="${HONEYPOT_FIELD}"]`).evaluate((input: HTMLInputElement) => (input.value = 'filled by some tool'));

    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.waitForURL(/\/thanks\/intake\/\?ref=/);
    expect(await recordFor('intake', refOf(page))).toBeNull();
    await page.goto(url('/intake/'));

    await expect(page.locator('#field-goals').inputValue()).resolves.toBe(ROSA.goals);
  });

  it('is not brought back by a save still pending from the last keystrokes when the answers are stored', async () => {
    const page = await browser.context.newPage();
    await page.clock.install();
    await page.goto(url('/intake/'));
    await page.clock.pauseAt(Date.now() + 60_000); // from here on the draft's save timer fires only when told
    await fillIntake(page, uniqueEmail('pending-save'));
    // The thank-you page answers "204 No Content", so the form page stays open after the send.
    await page.route('**/thanks/intake/**', (route) => route.fulfill({ status: 204 }));

    const thanksAsked = page.waitForRequest('**/thanks/intake/**');
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await thanksAsked; // the answers are stored, the form page still open
    await page.clock.runFor(1000);
    await page.goto(url('/intake/'));

    await expect(page.locator('#field-name').inputValue()).resolves.toBe('');
  });
});
