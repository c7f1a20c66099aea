/**
 * A post with comments in a real browser: the site built from a real local blob store holding
 * approved comments and a coach's reply, served as `npm run preview` serves it. The page loads
 * no script at all, passes axe, and its "Leave a Reply" form sends every field to /api/comments
 * with JavaScript off. (What /api/comments answers is the comments function's, tested with it;
 * here the browser's request is caught on its way there.)
 */
import AxeBuilder from '@axe-core/playwright';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getStore } from '@netlify/blobs';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import { startPreviewServer, type PreviewServer } from '#local/serve.ts';
import { COMMENTS_STORE, publishedKey } from '#server/comments/published.ts';
import { childEnv, ROOT } from '../support/fixtureSite';
import { launch, type Browser } from './support/browser';

const POST = 'homework-that-actually-gets-done';

let blobs: LocalBlobs;
let preview: PreviewServer;
const temps: string[] = [];
const postUrl = () => new URL(`/blog/${POST}/`, preview.url).href;

beforeAll(async () => {
  const temp = async (prefix: string) => temps[temps.push(await mkdtemp(path.join(tmpdir(), prefix))) - 1]!;
  blobs = await startLocalBlobs(await temp('unstuck-e2e-comments-'));
  const { edgeURL, uncachedEdgeURL, siteID, token } = JSON.parse(Buffer.from(blobs.context, 'base64').toString('utf8')) as Record<string, string>;
  const store = getStore({ name: COMMENTS_STORE, consistency: 'strong', edgeURL, uncachedEdgeURL, siteID: siteID!, token: token! });
  await store.setJSON(publishedKey(POST, 'c-1'), {
    id: 'c-1', postSlug: POST, name: 'Rosa Díaz', website: 'https://rosa.example.com/', createdAt: '2026-11-20T10:00:00Z', byCoach: false,
    body: 'This helped. I wrote mine on a *sticky note*:\n\n- what\n- when\n\nMore at https://example.org/notes',
  });
  await store.setJSON(publishedKey(POST, 'c-2'), { id: 'c-2', postSlug: POST, parentId: 'c-1', name: 'Maya Ellison', body: 'Glad it helped, **Rosa**.', createdAt: '2026-11-21T10:00:00Z', byCoach: true });
  await store.setJSON(publishedKey(POST, 'c-3'), { id: 'c-3', postSlug: POST, name: 'Sam', body: '> When will you do it?\n\nThis is the question I skip.', createdAt: '2026-11-22T10:00:00Z', byCoach: false });

  const dist = await temp('unstuck-e2e-comments-dist-');
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dist], {
    cwd: ROOT,
    env: childEnv({ NETLIFY_BLOBS_CONTEXT: blobs.context }),
    maxBuffer: 64 * 1024 * 1024,
  });
  preview = await startPreviewServer({ root: ROOT, dist, port: 0, dataDir: await temp('unstuck-e2e-comments-data-'), schedule: false, loadDotEnv: false, log: () => {} });
}, 240_000);

afterAll(async () => {
  await preview?.close();
  await blobs?.stop();
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

describe('a post with comments', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it('shows the comments and the coach’s reply, and loads no JavaScript at all', async () => {
    const page = await browser.context.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => void (request.resourceType() === 'script' && scripts.push(request.url())));
    await page.goto(postUrl());

    await expect(page.getByRole('heading', { level: 2, name: '3 comments' }).isVisible()).resolves.toBe(true);
    const reply = page.locator('#comment-c-1 + .comment-replies #comment-c-2');
    await expect(reply.textContent()).resolves.toMatch(/Maya Ellison\s+Coach.*Glad it helped, Rosa\./s);
    await expect(page.getByRole('link', { name: 'Rosa Díaz' }).getAttribute('rel')).resolves.toBe('nofollow ugc');
    await expect(page.getByRole('link', { name: 'https://example.org/notes' }).getAttribute('rel')).resolves.toBe('nofollow ugc');
    await expect(page.evaluate(() => document.scripts.length)).resolves.toBe(0);
    expect(scripts).toEqual([]);
    await page.close();
  });

  it.each(['light', 'dark'] as const)('has no axe violations in %s mode', async (colorScheme) => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
    await page.goto(postUrl());
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});

describe('leaving a reply without JavaScript', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launch({ javaScript: false });
    page = await browser.context.newPage();
  });
  afterAll(() => browser?.close());

  /** Catches the form's post on its way to /api/comments, answering with a stand-in page. */
  async function catchPosts(): Promise<Request[]> {
    const posted: Request[] = [];
    await page.route('**/api/comments', async (route) => {
      posted.push(route.request());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Sent</title><h1>Sent</h1>' });
    });
    return posted;
  }

  it('keeps an empty form on the page, with what was typed, until the required fields are filled in', async () => {
    const posted = await catchPosts();
    await page.goto(postUrl());
    await page.locator('#field-name').fill('Rosa');
    await page.getByRole('button', { name: 'Post Comment' }).click();

    await expect(page.locator('#field-comment:invalid').count()).resolves.toBe(1);
    await expect(page.locator('#field-name').inputValue()).resolves.toBe('Rosa');
    expect(posted).toEqual([]);
    await page.unrouteAll();
  });

  it('posts every field of the form to /api/comments as a plain form post', async () => {
    const posted = await catchPosts();
    await page.goto(postUrl());
    await page.locator('#field-comment').fill('Trying *this* week.');
    await page.locator('#field-name').fill('Rosa Díaz');
    await page.locator('#field-email').fill('rosa@example.com');
    await page.getByLabel('Website').fill('https://rosa.example.com');
    await expect(page.getByLabel('Email me when the coach replies').isChecked()).resolves.toBe(false);
    await page.getByLabel('Email me when the coach replies').check();
    await page.getByRole('button', { name: 'Post Comment' }).click();
    await page.waitForURL(/\/api\/comments$/);

    expect(posted).toHaveLength(1);
    expect(posted[0]!.method()).toBe('POST');
    expect(await posted[0]!.headerValue('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(posted[0]!.postData() ?? ''))).toEqual({
      id: '',
      elapsedMs: '',
      leave_this_blank: '',
      post: POST,
      comment: 'Trying *this* week.',
      name: 'Rosa Díaz',
      email: 'rosa@example.com',
      website: 'https://rosa.example.com',
      notify: 'on',
    });
    await page.unrouteAll();
  });
});
