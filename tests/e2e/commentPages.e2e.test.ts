/**
 * The pages comments answer with, in a real browser without a script of their own: the form
 * shown again with its problems, the thank-you page, and the pages the coach's emailed links
 * open (Approve with its one button, Reply with its box), through to the published comment;
 * every one accessible (axe, light and dark). Comments are sent from the post page's own form.
 * The desk's Comments page is among the desk's pages in desk.e2e.test.ts (sign-in emails are capped).
 */
import AxeBuilder from '@axe-core/playwright';
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { COMMENT_FORM_TEXT } from '#src/forms/comment.ts';
import type { OutboxMessage } from '#local/outboxMailer.ts';
import { launch, type Browser } from './support/browser';
import { uniqueEmail, url } from './support/site';

const POST = 'homework-that-actually-gets-done';

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Fills in the post's own "Leave a Reply" form and sends it, as a reader without JavaScript would (post pages have none). */
async function sendFromPost(page: Page, fields: { comment: string; name: string; email: string; website?: string; notify?: boolean }) {
  await page.goto(url(`/blog/${POST}/`));
  await page.locator('#field-comment').fill(fields.comment);
  await page.locator('#field-name').fill(fields.name);
  await page.locator('#field-email').fill(fields.email);
  if (fields.website) await page.locator('#field-website').fill(fields.website);
  if (fields.notify) await page.getByLabel('Email me when the coach replies').check();
  await Promise.all([page.waitForURL(/\/api\/comments$/), page.getByRole('button', { name: COMMENT_FORM_TEXT.button }).click()]);
}

async function moderationLinks(email: string): Promise<Record<'approve' | 'reply', string>> {
  const messages = (await (await fetch(url('/dev/outbox.json'))).json()) as OutboxMessage[];
  const message = messages.find((m) => m.idempotencyKey.endsWith('/moderation') && m.text.includes(email))!;
  const link = (label: string) => new RegExp(`^${label}: (\\S+)$`, 'm').exec(message.text)![1]!;
  return { approve: link('Approve'), reply: link('Reply') };
}

describe.each(['light', 'dark'] as const)('comment pages in %s mode', (colorScheme) => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launch();
    page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
  });
  afterAll(() => browser?.close());

  it('shows the form again with its problems, keeps what was typed, and thanks the reader once it is right', async () => {
    const email = uniqueEmail(`comment-${colorScheme}`);
    // The browser takes "ray@localhost" as an address; the function wants a domain with a dot.
    await sendFromPost(page, { comment: 'When <b>and</b> how: yes.', name: 'Ray Reader', email: 'ray@localhost', notify: true });

    await page.getByRole('heading', { name: 'Please check one thing' }).waitFor();
    expect(await violations(page)).toEqual([]);
    const field = page.getByLabel('Email', { exact: false }).first();
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#field-comment').inputValue()).resolves.toBe('When <b>and</b> how: yes.');

    await page.locator('#field-email').fill(email);
    await page.getByRole('button', { name: COMMENT_FORM_TEXT.button }).click();
    await page.getByRole('heading', { name: 'Thank you', level: 1 }).waitFor();
    await expect(page.getByText(COMMENT_FORM_TEXT.thanks).isVisible()).resolves.toBe(true);
    await expect(page.getByText('When <b>and</b> how: yes.').isVisible()).resolves.toBe(true);
    expect(await violations(page)).toEqual([]);

    // The coach's Approve link: a page with one button, then the comment is published without its email.
    const links = await moderationLinks(email);
    await page.goto(links.approve);
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('heading', { name: 'Approved' }).waitFor();
    expect(await violations(page)).toEqual([]);

    await page.goto(links.reply);
    await expect(page.getByLabel('Your reply').isVisible()).resolves.toBe(true);
    expect(await violations(page)).toEqual([]);
    await page.getByLabel('Your reply').fill('Thank you, Ray.');
    await page.getByRole('button', { name: 'Publish my reply' }).click();
    await page.getByRole('heading', { name: 'Your reply is published' }).waitFor();

    process.env.NETLIFY_BLOBS_CONTEXT = inject('blobsContext');
    const { blobs } = await getStore({ name: 'comments', consistency: 'strong' }).list({ prefix: `published/${POST}/` });
    const published = await Promise.all(blobs.map(({ key }) => getStore({ name: 'comments', consistency: 'strong' }).get(key, { type: 'text' })));
    const ours = published.filter((text) => text?.includes('Ray'));
    expect(ours.length).toBeGreaterThanOrEqual(1);
    expect(published.join('\n')).not.toContain(email);
  });
});
