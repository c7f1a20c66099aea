import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type Browser } from './support/browser';
import { refOf, setBlobStore, uniqueEmail, url } from './support/site';

/** Every kind of page the site has. */
const PAGES = [
  '/', '/how-coaching-works/', '/about/', '/services/', '/contact/', '/privacy/', '/no-such-page/',
  '/blog/', '/blog/homework-that-actually-gets-done/', '/blog/tags/coaching/',
  '/exercises/', '/exercises/filter/job-search/between-sessions/any/', '/exercises/values-card-sort/',
  '/inquiries/', '/inquiries/failing-slowly/',
  '/intake/', '/homework/', '/thanks/intake/',
];

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

// axe runs inside the page, so these browsers have JavaScript on; the pages' HTML is the same without it.
describe.each(['light', 'dark'] as const)('accessibility in %s mode', (colorScheme) => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launch();
    page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
  });
  afterAll(() => browser?.close());

  it.each(PAGES)('%s has no axe violations', async (path) => {
    await page.goto(url(path));
    expect(await violations(page)).toEqual([]);
  });
});

describe('accessibility of forms showing errors', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it('has no violations with every intake error showing, and announces them', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('/intake/'));
    await page.getByRole('button', { name: 'Send my answers' }).click();
    const summary = page.getByRole('alert');
    await expect(summary.isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).resolves.toBe(true);
    // Each invalid field points at its message, so a screen reader reads it with the field.
    const name = page.locator('#field-name');
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(name.getAttribute('aria-describedby')).resolves.toContain('field-name-error');
    expect(await violations(page)).toEqual([]);
  });

  it('has no violations on the page a plain post gets for invalid answers, or when storage is down', async () => {
    // The form's native submit() skips the enhancing script, so the server answers with its own page.
    const submitPlainly = (page: Page) => page.evaluate(() => HTMLFormElement.prototype.submit.call(document.querySelector('#commitment-form')));
    const page = await browser.context.newPage();
    try {
      await page.goto(url('/homework/'));
      await page.locator('#field-what').fill('Draft my LinkedIn summary');
      await page.locator('#field-when').fill('2020-01-01T09:00');
      await page.locator('#field-howWillIKnow').fill('A link');
      await page.locator('#field-name').fill('Ray');
      await page.locator('#field-email').fill(uniqueEmail('a11y'));
      await submitPlainly(page);
      await page.getByRole('heading', { name: 'Please check one answer' }).waitFor();
      expect(await violations(page)).toEqual([]);

      await page.goBack();
      // The server checks the deadline against the real clock: next year is always in the future.
      await page.locator('#field-when').fill(`${new Date().getUTCFullYear() + 1}-01-01T09:00`);
      await setBlobStore('unavailable');
      await submitPlainly(page);
      await page.getByRole('heading', { name: 'We could not confirm that your answers arrived' }).waitFor();
      expect(await violations(page)).toEqual([]);
    } finally {
      await setBlobStore('none');
    }
  });
});

describe('the intake questionnaire with the keyboard alone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  /** Presses Tab until the element matching `selector` has focus; fails if it is never reached. */
  async function tabTo(page: Page, selector: string) {
    for (let presses = 0; presses < 80; presses++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  it('can be filled in and sent without a mouse', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('/intake/'));
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');

    const typed: [string, string][] = [
      ['#field-name', 'Kay Board'],
      ['#field-email', uniqueEmail('keyboard')],
      ['#field-currentSituation', 'Team lead, burning out.'],
      ['#field-whyNow', 'A health scare.'],
      ['#field-goals', 'A sustainable pace.'],
      ['#field-success3Months', 'Evenings back.'],
      ['#field-success12Months', 'A role I can keep.'],
      ['#field-strengths', 'Calm in a crisis.'],
      ['#field-values', 'Health, family.'],
      ['#field-obstacles', 'I could never say no.'],
    ];
    for (const [selector, text] of typed) {
      await tabTo(page, selector);
      await page.keyboard.type(text);
    }
    await tabTo(page, 'input[name="accountability"][value="email"]');
    await page.keyboard.press('ArrowDown'); // radios move with the arrow keys
    await tabTo(page, '#field-phone');
    await page.keyboard.type('+1 312 555 0100');
    await tabTo(page, '#field-consent');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/thanks\/intake\/\?ref=/);
    expect(refOf(page)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
