import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type Browser } from './support/browser';
import { url } from './support/site';

describe('browsing the site without JavaScript', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launch({ javaScript: false });
    page = await browser.context.newPage();
  });
  afterAll(() => browser?.close());

  it('narrows the exercise library with links', async () => {
    await page.goto(url('/exercises/'));
    const all = await page.locator('.card-list > li').count();
    await page.getByRole('navigation', { name: 'Narrow the exercises' }).getByRole('link', { name: 'Job search' }).click();
    await page.waitForURL(/\/exercises\/filter\/job-search\/any\/any\/$/);
    const cards = page.locator('.card-list .card');
    const shown = await cards.count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(all);
    for (const meta of await cards.locator('.meta').allTextContents()) expect(meta).toContain('Job search');

    await page.getByRole('link', { name: 'Between sessions' }).click();
    await page.waitForURL(/\/exercises\/filter\/job-search\/between-sessions\/any\/$/);
    await expect(page.getByRole('link', { name: 'Job search' }).getAttribute('aria-current')).resolves.toBe('page');
    await page.getByRole('link', { name: 'Show all' }).click();
    await page.waitForURL(/\/exercises\/$/);
  });

  it('moves between the main pages from the navigation', async () => {
    await page.goto(url('/'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'How it works' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/What happens in a coaching session/);
    await page.getByRole('navigation', { name: 'On this page' }).getByRole('link').first().click();
    await page.getByRole('link', { name: /intake/i }).first().click();
    await page.waitForURL(/\/intake\/$/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blog' }).click();
    await page.locator('.post-list a').first().click();
    await expect(page.locator('.meta').first().textContent()).resolves.toMatch(/min read/);
  });

  it('answers an unknown address with the friendly 404 page', async () => {
    const response = await page.goto(url('/no-such-page/'));
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('link', { name: /exercise/i }).count()).resolves.toBeGreaterThan(0);
  });
});

describe('small screens', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it.each(['/', '/how-coaching-works/', '/exercises/', '/exercises/values-card-sort/', '/blog/', '/intake/', '/homework/'])(
    '%s fits a 320 px wide screen without sideways scrolling',
    async (path) => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(url(path));
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(320);
      await page.close();
    },
  );
});
