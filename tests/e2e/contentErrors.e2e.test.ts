/**
 * What the coach sees in the browser under `npm start` when a content file has a mistake: the
 * page of the broken entry and its listing say what is wrong (file, line, field, what to do)
 * instead of the last good version or a 404, Astro's error overlay shows it on an open page, and
 * the page comes back once the file is fixed. Runs `astro dev` on a throw-away copy of the project.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProjectCopy, type FixtureSite } from '../support/fixtureSite';
import { launch, type Browser } from './support/browser';
import { startDevServer, type DevServer } from './support/devServer';

const NEW_POST = 'src/content/blog/a-new-post.mdx';
const EARLY_POST = 'src/content/blog/written-before-start.mdx';
const EXERCISE = 'src/content/exercises/energy-audit.mdx';
const INQUIRY = 'src/content/inquiries/what-enough-looks-like.mdx';

const post = (pubDate: string, title = 'A new post') => `---
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
      { timeout: 45_000, interval: 500 },
    )
    .toBe(heading);
}

beforeAll(async () => {
  site = await createProjectCopy();
  for (const file of [EXERCISE, INQUIRY]) originals.set(file, await readFile(path.join(site.dir, file), 'utf8'));
  // Mistakes made before `npm start`: Astro alone would not start at all.
  await site.write(EARLY_POST, post('2026-01-12', 'Early: a post'));
  await site.write(INQUIRY, originals.get(INQUIRY)!.replace('values-card-sort', 'values-card-sorting'));
  dev = await startDevServer(site.dir);
  browser = await launch();
  page = await browser.context.newPage();
}, 180_000);

afterEach(async () => {
  for (const [file, text] of originals) await site.write(file, text);
  await site.remove(NEW_POST);
  await site.remove(EARLY_POST);
});

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
  await site?.cleanup();
});

// A dev server on a busy two-core machine can take a while to notice each save; each test waits for several.
vi.setConfig({ testTimeout: 180_000 });

describe('a content mistake under npm start', () => {
  it('lets it start with mistakes already made, shows each at its page, and the pages once fixed', async () => {
    await openUntil('/blog/written-before-start/', 'A content file needs fixing');
    await expect(page.getByRole('listitem').textContent()).resolves.toBe(
      'Line 2: The value of title contains a colon followed by a space, which YAML reads as a second field. Put the value in double quotes: title: "Early: a post"',
    );
    await openUntil('/inquiries/what-enough-looks-like/', 'A content file needs fixing');
    await expect(page.getByRole('listitem').textContent()).resolves.toMatch(/^Line \d+: The 2nd related exercise names "values-card-sorting", but there is no exercise with that file name/);

    await site.write(EARLY_POST, post('2026-01-12', '"Early: a post"'));
    await site.write(INQUIRY, originals.get(INQUIRY)!);

    await openUntil('/blog/written-before-start/', 'Early: a post');
    await openUntil('/inquiries/what-enough-looks-like/', 'What would "enough" look like for you?');
  });

  it('shows at the address of a new post, and on the blog, instead of a 404; the post shows once fixed', async () => {
    await site.write(NEW_POST, post('01/12/2026'));

    await openUntil('/blog/a-new-post/', 'A content file needs fixing');
    const message = 'Line 4: pubDate must be a date written as YYYY-MM-DD, e.g. 2026-12-01; it says "01/12/2026".';
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(NEW_POST);
    await expect(page.getByRole('listitem').textContent()).resolves.toBe(message);
    await openUntil('/blog/', 'A content file needs fixing');
    await expect(page.getByRole('listitem').textContent()).resolves.toBe(message);

    await site.write(NEW_POST, post('2026-01-12'));

    await openUntil('/blog/a-new-post/', 'A new post');
    await openUntil('/blog/', 'Blog');
  });

  it('shows at the address of an exercise instead of its last good version, counting prompts from 1, and the page reloads itself once fixed', async () => {
    const broken = originals.get(EXERCISE)!.replace(/(prompts:\n\s+- id: [\w-]+\n)\s+question: .*\n/, '$1');
    expect(broken).not.toBe(originals.get(EXERCISE));
    await site.write(EXERCISE, broken);

    const promptLine = broken.split('\n').findIndex((line) => /^\s+- id:/.test(line)) + 1;

    await openUntil('/exercises/energy-audit/', 'A content file needs fixing');
    await expect(page.getByRole('listitem').textContent()).resolves.toBe(`Line ${promptLine}: The 1st prompt has no question: add "question: …" to it.`);
    await expect(page.locator('body').textContent()).resolves.not.toMatch(/\*\*|prompts\.0/);
    await openUntil('/exercises/', 'A content file needs fixing');

    await site.write(EXERCISE, originals.get(EXERCISE)!);

    // The problem page looks again by itself, and shows the library.
    await page.getByRole('heading', { level: 1, name: 'Exercise library' }).waitFor({ timeout: 30_000 });
    await openUntil('/exercises/energy-audit/', 'Energy audit');
  });

  it('shows in Astro’s error overlay on a page already open, and the overlay goes once fixed', async () => {
    await openUntil('/', 'Get unstuck, and take the next real step in your work and life');

    await site.write(INQUIRY, originals.get(INQUIRY)!.replace(/^question: (.*)$/m, 'question: Enough: $1'));

    const overlay = page.locator('vite-error-overlay');
    await overlay.getByText(`${INQUIRY}, line 2: The value of question contains a colon followed by a space`).waitFor({ timeout: 30_000 });

    await site.write(INQUIRY, originals.get(INQUIRY)!);

    await overlay.waitFor({ state: 'detached', timeout: 30_000 });
  });
});
