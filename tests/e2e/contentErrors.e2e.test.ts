/**
 * What the coach sees in the browser under `npm start` when a content file has a mistake: the
 * problem page at the broken entry's address, which reloads itself into the real page once the
 * file is fixed, and Astro's error overlay on a page already open, gone once fixed. Runs
 * `astro dev` on a throw-away copy of the project. Every message, and which pages show it, is
 * checked without a browser in tests/integration/contentErrors.test.ts; here, one test each
 * for the page and the overlay, with deadlines that allow for a busy two-core machine.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProjectCopy, type FixtureSite } from '../support/fixtureSite';
import { launch, type Browser } from './support/browser';
import { startDevServer, type DevServer } from './support/devServer';

const EARLY_POST = 'src/content/blog/written-before-start.mdx';
const INQUIRY = 'src/content/inquiries/what-enough-looks-like.mdx';

const post = (pubDate: string, title: string) => `---
title: ${title}
description: Written while the site runs.
pubDate: ${pubDate}
---

Hello.
`;

let site: FixtureSite;
let dev: DevServer;
let browser: Browser;
let page: Page;
const originals = new Map<string, string>();

/**
 * Opens a page until its main heading says `heading` (the dev server notices a saved file within
 * moments, longer on a busy machine). Each try uses a fresh tab: the problem page reloads itself
 * and Vite may reload an open tab after a change, either of which aborts a navigation in it.
 * The tab that showed the heading stays as `page` for the assertions that follow.
 */
async function openUntil(pathname: string, heading: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const tab = await browser.context.newPage();
        try {
          await tab.goto(`${dev.origin}${pathname}`);
          const seen = (await tab.locator('h1').first().textContent())?.trim();
          if (seen === heading) {
            await page.close();
            page = tab;
          } else await tab.close();
          return seen;
        } catch (error) {
          await tab.close();
          throw error;
        }
      },
      { timeout: 90_000, interval: 500 },
    )
    .toBe(heading);
}

beforeAll(async () => {
  site = await createProjectCopy();
  originals.set(INQUIRY, await readFile(path.join(site.dir, INQUIRY), 'utf8'));
  // A mistake made before `npm start`: Astro alone would not start at all.
  await site.write(EARLY_POST, post('2026-01-12', 'Early: a post'));
  dev = await startDevServer(site.dir, { deadlineMs: 150_000 });
  browser = await launch();
  page = await browser.context.newPage();
}, 180_000);

afterEach(async () => {
  for (const [file, text] of originals) await site.write(file, text);
});

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
  await site?.cleanup();
});

// A dev server on a busy two-core machine can take a while to notice each save; each test waits for several.
vi.setConfig({ testTimeout: 180_000 });

describe('a content mistake under npm start', () => {
  it('lets it start with a mistake already made, shows it at the page, and the page reloads itself into the post once fixed', async () => {
    await openUntil('/blog/written-before-start/', 'A content file needs fixing');
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(EARLY_POST);
    await expect(page.getByRole('listitem').textContent()).resolves.toBe(
      'Line 2: The value of title contains a colon followed by a space, which YAML reads as a second field. Put the value in double quotes: title: "Early: a post"',
    );

    await site.write(EARLY_POST, post('2026-01-12', '"Early: a post"'));

    // The problem page looks again by itself, and shows the post.
    await page.getByRole('heading', { level: 1, name: 'Early: a post' }).waitFor({ timeout: 90_000 });
  });

  it('shows in Astro’s error overlay on a page already open, and the overlay goes once fixed', async () => {
    await openUntil('/', 'Get unstuck, and take the next real step in your work and life');

    await site.write(INQUIRY, originals.get(INQUIRY)!.replace(/^question: (.*)$/m, 'question: Enough: $1'));

    const overlay = page.locator('vite-error-overlay');
    await overlay.getByText(`${INQUIRY}, line 2: The value of question contains a colon followed by a space`).waitFor({ timeout: 90_000 });

    await site.write(INQUIRY, originals.get(INQUIRY)!);

    await overlay.waitFor({ state: 'detached', timeout: 90_000 });
  });
});
