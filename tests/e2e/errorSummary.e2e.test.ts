/**
 * The list of problems at the top of a form names each field by the label the client sees:
 * with JavaScript (the page's own summary) and without (the server's page), the checkbox's
 * label included, and a question followed by the message as a sentence, never "?:".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Browser } from './support/browser';
import { url } from './support/site';

const CONSENT_LABEL = 'I have read the privacy policy and agree that my answers and files are kept to prepare for and support our coaching.';

/**
 * The problems listed after sending the intake with only a name and a mistyped email. Without
 * JavaScript the browser's own checks would stop the send first; they are switched off, as in a
 * browser that has none, so that the server's list shows.
 */
async function problemsAfterSending(page: Page, javaScript: boolean): Promise<string[]> {
  await page.goto(url('/intake/'));
  await page.locator('#field-name').fill('Rosa Díaz');
  await page.locator('#field-email').fill('rosa.example.com');
  if (!javaScript) await page.locator('form').first().evaluate((form) => form.setAttribute('novalidate', ''));
  await page.getByRole('button', { name: 'Send my answers' }).click();
  // The page's own summary, or the server's page listing the problems.
  const list = page.locator(javaScript ? '.error-summary__list li' : 'ul li');
  await list.first().waitFor();
  return (await list.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
}

describe.each([
  { javaScript: true, label: 'with JavaScript' },
  { javaScript: false, label: 'without JavaScript' },
])('the intake’s list of problems $label', ({ javaScript }) => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launch({ javaScript });
    page = await browser.context.newPage();
  });
  afterAll(() => browser?.close());

  it('names each field by its label, the consent box too, and follows a question with a sentence', async () => {
    const problems = await problemsAfterSending(page, javaScript);

    expect(problems).toEqual(
      expect.arrayContaining([
        'What is prompting you to look for coaching now? Please fill this in.',
        'What gets in the way? Please fill this in.',
        'Your email: Please enter an email address like name@example.com.',
        `${CONSENT_LABEL} Please agree to the privacy policy so I can keep your answers.`,
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/This form|\?:|\*/);
  });
});
