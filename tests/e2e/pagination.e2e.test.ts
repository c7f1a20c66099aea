/**
 * Paging through the blog in Chromium. The real blog has one page of posts, so these tests build
 * a copy of the site with 260 generated posts more ("tag 0" on every 25th, so eleven of them) and serve it with the preview server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPreviewServer, type PreviewServer } from '#local/serve.ts';
import { generatedContent } from '#scripts/generatedContent.ts';
import { buildSiteWith } from '../support/buildSite.ts';
import { launch, type Browser } from './support/browser';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GENERATED = 260;
/** The generated posts and the three real published ones, ten to a page. */
const PAGES = Math.ceil((GENERATED + 3) / 10);

let preview: PreviewServer;
let dataDir: string;
let browser: Browser;
const url = (pathname: string) => new URL(pathname, preview.url).href;
const pagination = (page: Page) => page.getByRole('navigation', { name: 'Pages of posts' });

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

beforeAll(async () => {
  const site = await buildSiteWith(generatedContent({ posts: GENERATED }));
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-e2e-pages-'));
  preview = await startPreviewServer({ root: ROOT, dist: site.dir, port: 0, dataDir, schedule: false, loadDotEnv: false, log: () => {} });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await preview?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('paging through the blog', () => {
  it('goes to older posts and back to newer ones, saying which page is shown', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('/blog/'));
    const firstPost = await page.locator('.post-list h2').first().textContent();
    await expect(pagination(page).textContent()).resolves.toContain(`Page 1 of ${PAGES}`);

    await pagination(page).getByRole('link', { name: 'Older posts' }).click();

    await page.waitForURL(/\/blog\/page\/2\/$/);
    await expect(pagination(page).textContent()).resolves.toContain(`Page 2 of ${PAGES}`);
    await expect(page.locator('.post-list > li').count()).resolves.toBe(10);
    await expect(page.locator('.post-list h2').first().textContent()).resolves.not.toBe(firstPost);

    await pagination(page).getByRole('link', { name: 'Newer posts' }).click();

    await page.waitForURL(/\/blog\/$/);
    await expect(page.locator('.post-list h2').first().textContent()).resolves.toBe(firstPost);
  });

  it('reaches the last page from the keyboard, where there is nothing older', async () => {
    const page = await browser.context.newPage();
    await page.goto(url(`/blog/page/${PAGES - 1}/`));

    await pagination(page).getByRole('link', { name: 'Older posts' }).focus();
    await page.keyboard.press('Enter');

    await page.waitForURL(url(`/blog/page/${PAGES}/`));
    await expect(pagination(page).getByRole('link', { name: 'Older posts' }).count()).resolves.toBe(0);
    await expect(pagination(page).getByRole('link', { name: 'Newer posts' }).getAttribute('href')).resolves.toBe(`/blog/page/${PAGES - 1}/`);
  });

  it('pages through a tag', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('/blog/tags/tag-0/'));
    const tagNav = page.getByRole('navigation', { name: 'Pages of posts about tag 0' });
    await expect(tagNav.textContent()).resolves.toContain('Page 1 of 2');

    await tagNav.getByRole('link', { name: 'Older posts' }).click();

    await page.waitForURL(/\/blog\/tags\/tag-0\/page\/2\/$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Posts about “tag 0”/);
  });

  it.each(['light', 'dark'] as const)('has no axe violations on /blog/page/2/ and a tag’s second page, in %s mode', async (colorScheme) => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
    for (const pathname of ['/blog/page/2/', '/blog/tags/tag-0/page/2/']) {
      await page.goto(url(pathname));
      expect(await violations(page), pathname).toEqual([]);
    }
  });
});
