import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type Browser } from './support/browser';
import { recordFor, refOf, setBlobStore, uniqueEmail, url } from './support/site';

async function fillReflection(page: Page) {
  await page.goto(url('/inquiries/what-enough-looks-like/'));
  await page.locator('#field-reflection').fill('Enough might be a Tuesday with no email after six.');
  await page.locator('#reflection-form #field-name').fill('Noor');
  await page.locator('#reflection-form #field-email').fill(uniqueEmail('store-down'));
}

describe.each([
  { javaScript: true, label: 'with JavaScript' },
  { javaScript: false, label: 'without JavaScript' },
])('sending a form while the blob store is down, $label', ({ javaScript }) => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch({ javaScript });
  });
  afterAll(() => browser?.close());
  afterEach(() => setBlobStore('none'));

  it('says the answers could not be confirmed and that sending again is safe, keeps every word, and goes through once the store is back', async () => {
    const page = await browser.context.newPage();
    await fillReflection(page);
    await setBlobStore('unavailable');
    await page.getByRole('button', { name: 'Send my reflection' }).click();

    if (javaScript) {
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(
        /could not confirm that your answers were saved\. Sending them again is safe.*Everything you typed is still here; press Send to try again/,
      );
    } else {
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('We could not confirm that your answers arrived');
      await page.goBack();
    }
    await expect(page.locator('#field-reflection').inputValue()).resolves.toBe('Enough might be a Tuesday with no email after six.');

    await setBlobStore('none');
    await page.getByRole('button', { name: 'Send my reflection' }).click();
    await page.waitForURL(/\/thanks\/reflection\/\?ref=/);
    expect(await recordFor('reflection', refOf(page))).not.toBeNull();
  });
});
