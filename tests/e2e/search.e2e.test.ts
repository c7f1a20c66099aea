/**
 * Searching the built site in Chromium: Pagefind's index in dist/pagefind/, loaded by the search
 * page's own script under the search page's own Content-Security-Policy.
 */
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type Browser } from './support/browser';
import { url } from './support/site';

const POST = 'Your resume is not a job description: telling your story to the right reader';
const EXERCISE = 'Resume bullet rewrite';

/** The smallest valid WebAssembly module: the magic number and version 1. */
const EMPTY_WASM = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Every console error and every uncaught error of the page, CSP refusals included. */
function problemsOf(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

const results = (page: Page) => page.locator('[data-search-results] > li');
const resultTitles = (page: Page) => page.locator('[data-search-results] h2').allTextContents();

async function searchFor(page: Page, words: string) {
  await page.getByRole('searchbox', { name: 'Words to look for' }).fill(words);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('status').filter({ hasText: `for “${words}”` }).waitFor();
}

describe('searching with JavaScript', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it('finds a post by a word from it, with its title and an excerpt marking the word', async () => {
    const page = await browser.context.newPage();
    const problems = problemsOf(page);
    await page.goto(url('/search/'));

    await searchFor(page, 'resume');

    expect(await resultTitles(page)).toContain(POST);
    const post = results(page).filter({ hasText: POST });
    await expect(post.getByRole('link', { name: POST }).getAttribute('href')).resolves.toBe('/blog/your-resume-is-not-a-job-description/');
    await expect(post.locator('.meta').textContent()).resolves.toBe('Post');
    await expect(post.locator('mark').first().textContent()).resolves.toMatch(/resume/i);
    expect(problems).toEqual([]);
  });

  it('narrows the results to one kind', async () => {
    const page = await browser.context.newPage();
    const problems = problemsOf(page);
    await page.goto(url('/search/'));
    await searchFor(page, 'resume');
    const everything = await results(page).count();

    await page.getByRole('radio', { name: 'Exercises' }).check();
    await page.getByRole('status').filter({ hasText: 'exercises for “resume”' }).waitFor();

    const kinds = await page.locator('[data-search-results] .meta').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.length).toBeLessThan(everything);
    expect(new Set(kinds)).toEqual(new Set(['Exercise']));
    expect(await resultTitles(page)).toContain(EXERCISE);
    expect(new URL(page.url()).search).toBe('?q=resume&kind=exercise');

    await page.getByRole('radio', { name: 'Posts' }).check();
    await page.getByRole('status').filter({ hasText: 'posts for “resume”' }).waitFor();
    expect(new Set(await page.locator('[data-search-results] .meta').allTextContents())).toEqual(new Set(['Post']));
    expect(problems).toEqual([]);
  });

  it('runs the search a link asks for', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('/search/?q=resume&kind=inquiry'));

    await page.getByRole('status').filter({ hasText: 'inquiries for “resume”' }).waitFor();

    await expect(page.getByRole('searchbox', { name: 'Words to look for' }).inputValue()).resolves.toBe('resume');
    await expect(page.getByRole('radio', { name: 'Inquiries' }).isChecked()).resolves.toBe(true);
    expect(new Set(await page.locator('[data-search-results] .meta').allTextContents())).toEqual(new Set(['Coaching inquiry']));
  });

  it('says so when nothing matches', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('/search/'));

    await searchFor(page, 'zyzzogeton');

    await expect(page.getByRole('status').textContent()).resolves.toContain('Nothing found for “zyzzogeton”');
    await expect(results(page).count()).resolves.toBe(0);
  });

  it('loads Pagefind only once the visitor searches, and only on the search page', async () => {
    const page = await browser.context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));

    await page.goto(url('/blog/'));
    await page.goto(url('/search/'));
    await page.waitForLoadState('networkidle');
    expect(requested.filter((path) => path.startsWith('/pagefind/'))).toEqual([]);

    await searchFor(page, 'resume');

    expect(requested).toContain('/pagefind/pagefind.js');
    expect(requested.some((path) => path.startsWith('/pagefind/fragment/'))).toBe(true);
    expect(requested, 'searching on the page itself, not in a worker').not.toContain('/pagefind/pagefind-worker.js');
  });

  it('allows WebAssembly on the search page and nowhere else', async () => {
    const page = await browser.context.newPage();
    const compiles = () => page.evaluate((bytes) => WebAssembly.compile(new Uint8Array(bytes)).then(() => 'compiled', (error: Error) => error.message), EMPTY_WASM);

    await page.goto(url('/search/'));
    await expect(compiles()).resolves.toBe('compiled');

    await page.goto(url('/blog/'));
    await expect(compiles()).resolves.toMatch(/wasm-unsafe-eval|Content Security Policy/);
  });

  it.each(['light', 'dark'] as const)('has no axe violations with results showing, in %s mode', async (colorScheme) => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
    await page.goto(url('/search/'));
    expect(await violations(page)).toEqual([]);

    await searchFor(page, 'resume');

    expect(await violations(page)).toEqual([]);
  });
});

describe('the search page without JavaScript', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch({ javaScript: false });
  });
  afterAll(() => browser?.close());

  it('offers the topic, focus and theme indexes instead of a search box that cannot work', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('/search/'));

    await expect(page.getByRole('searchbox').count()).resolves.toBe(0);
    const topics = page.getByRole('list', { name: 'Blog posts by topic' }).getByRole('link');
    const focuses = page.getByRole('list', { name: 'Exercises by focus' }).getByRole('link');
    const themes = page.getByRole('list', { name: 'Coaching inquiries by theme' }).getByRole('link');
    await expect(topics.count()).resolves.toBeGreaterThan(0);
    await expect(focuses.count()).resolves.toBe(7);
    await expect(themes.count()).resolves.toBeGreaterThan(0);

    await page.getByRole('list', { name: 'Exercises by focus' }).getByRole('link', { name: 'Job search' }).click();
    await page.waitForURL(/\/exercises\/filter\/job-search\/any\/any\/$/);
    await page.goBack();
    await themes.first().click();
    await page.waitForURL(/\/inquiries\/themes\/[a-z0-9-]+\/$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Inquiries about/);
    await expect(page.locator('.card-list .card').count()).resolves.toBeGreaterThan(0);
  });

  it('is reached from every page', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('/'));

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();

    await page.waitForURL(/\/search\/$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Search');
  });
});
