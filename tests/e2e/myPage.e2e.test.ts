/**
 * A client's own page in a real Chromium, reached the way a client reaches it: the link from a
 * homework email opens a page with one button, the button signs them in on this device, and the
 * page shows their homework with its check-in buttons. Then "I'm stuck" from their page. With
 * and without JavaScript; no script on /my/ at all, axe finds nothing in light or dark, and it fits
 * 320 px.
 */
import AxeBuilder from '@axe-core/playwright';
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { myPageLink } from '#server/loop/loopLinks.ts';
import { createLoopStore } from '#server/loop/loopStore.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { launch, type Browser } from './support/browser';
import { signedInPage } from './support/desk';
import { baseUrl, outboxFor, recordFor, refOf, uniqueEmail, url } from './support/site';

/** Mid-January next year: always ahead of the server's real clock. */
const YEAR = new Date().getUTCFullYear() + 1;
const WHEN = `${YEAR}-01-15T09:00`;
const WEEKDAY = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(YEAR, 0, 15)));

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** axe runs inside the page, so only where scripts run; the HTML is the same without them. */
async function expectAccessible(page: Page, label: string, javaScript: boolean) {
  for (const colorScheme of javaScript ? (['light', 'dark'] as const) : []) {
    await page.emulateMedia({ colorScheme });
    expect(await violations(page), `${label} ${colorScheme}`).toEqual([]);
  }
  await page.setViewportSize({ width: 320, height: 640 });
  await expect(page.evaluate(() => document.documentElement.scrollWidth), label).resolves.toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Homework through the site's own endpoint, which starts its loop; returns the link its email would carry and the loop's check-in link id. */
async function homeworkWithLink(email: string, what: string): Promise<{ id: string; link: string; checkInLid: string }> {
  const id = crypto.randomUUID();
  const answer = await fetch(url('/api/commitments'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ id, name: 'Sam Client', email, what, when: WHEN, timeZone: 'Asia/Tokyo', howWillIKnow: 'I will email you the link' }),
  });
  expect(answer.status).toBe(201);
  process.env.NETLIFY_BLOBS_CONTEXT = inject('blobsContext');
  // The site starts the loop after it answers (in the background, as on Netlify): wait for it.
  const loops = createLoopStore(getStore({ name: 'submissions', consistency: 'strong' }));
  let checkInLid = '';
  await expect
    .poll(async () => {
      const read = await loops.get(id);
      checkInLid = read.ok && read.value ? read.value.state.checkInLid : '';
      return checkInLid;
    }, { timeout: 15_000, interval: 200 })
    .not.toBe('');
  return { id, checkInLid, link: myPageLink(emailHash(email), 1, { secret: inject('signingSecret'), siteUrl: baseUrl() }, new Date()) };
}

describe.each([
  { javaScript: true, label: 'with JavaScript' },
  { javaScript: false, label: 'without JavaScript' },
])('a client’s own page $label', ({ javaScript }) => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch({ javaScript });
  });
  afterAll(() => browser?.close());

  it('opens from the emailed link with one button, shows their homework in their time zone, and signs out', async () => {
    const email = uniqueEmail('my-page');
    const { link, checkInLid } = await homeworkWithLink(email, 'Publish the portfolio page');
    const page = await browser.context.newPage();

    await page.goto(link);
    await page.getByRole('heading', { name: 'Open your page', level: 1 }).waitFor();
    await expect(page.getByRole('button').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Open my page' }).click();

    await page.waitForURL(url('/my/'));
    await page.getByRole('heading', { name: 'Hi Sam', level: 1 }).waitFor();
    const homework = page.getByRole('article').filter({ hasText: 'Publish the portfolio page' });
    await expect(homework.textContent()).resolves.toContain(`${WEEKDAY}, January 15, ${YEAR} at 9:00 AM (Asia/Tokyo)`);
    const done = homework.getByRole('link', { name: /^Done\s*: Publish the portfolio page$/ });
    const href = new URL((await done.getAttribute('href'))!);
    expect([href.pathname, href.searchParams.get('a'), href.searchParams.get('lid')]).toEqual(['/api/check-in', 'done', checkInLid]);
    await expect(homework.getByRole('link', { name: /^(Partly|Not yet)\s*: Publish the portfolio page$/ }).count()).resolves.toBe(2);
    expect(await page.locator('script').count()).toBe(0);
    await expectAccessible(page, '/my/', javaScript);

    await page.getByRole('link', { name: 'Tell me what is going on' }).click();
    await page.getByRole('heading', { name: 'I\'m stuck', level: 1 }).waitFor();
    await page.goBack();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').filter({ hasText: 'You are signed out on this device.' }).waitFor();
    await expect(page.getByText('Publish the portfolio page').count()).resolves.toBe(0);
    await expectAccessible(page, '/my/ signed out', javaScript);
    await page.close();
  });

  it('without a link, says how to get one', async () => {
    const page = await browser.context.newPage();
    await page.context().clearCookies();

    await page.goto(url('/my/'));

    await page.getByRole('heading', { name: 'Your page', level: 1 }).waitFor();
    await expect(page.getByRole('main').textContent()).resolves.toContain('“Open my page”');
    await expectAccessible(page, '/my/ without a cookie', javaScript);
    await page.close();
  });
});

describe.each([
  { javaScript: true, label: 'with JavaScript' },
  { javaScript: false, label: 'without JavaScript' },
])('the “I’m stuck” form $label', ({ javaScript }) => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launch({ javaScript });
    page = await browser.context.newPage();
  });
  afterAll(() => browser?.close());

  it('explains a problem, keeps everything typed, and then reaches the coach with a reply-to the client', async () => {
    const email = uniqueEmail('stuck');
    await page.goto(url('/stuck/'));
    await page.getByLabel('What is going on?').fill('   ');
    // Leaving the field shows its problem at once (with JavaScript), which moves what is below it: then on.
    await page.keyboard.press('Tab');
    await page.getByRole('radio', { name: 'A quick call' }).check();
    await page.getByLabel('Your phone number').fill('+1 312 555 0100');
    await page.getByRole('radio', { name: 'Today, if you can' }).check();
    await page.getByLabel('Your name').fill('Jordan Rivera');
    await page.getByLabel('Your email').fill(email);
    await page.getByRole('button', { name: 'Send it to my coach' }).click();

    if (javaScript) {
      await expect(page.getByRole('alert').textContent()).resolves.toContain('Please say a few words about what is going on.');
      await expect(page.locator('#field-what').getAttribute('aria-invalid')).resolves.toBe('true');
      expect(page.url()).toBe(url('/stuck/'));
      expect(await violations(page)).toEqual([]);
    } else {
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Please check one answer');
      await expect(page.locator('.problems').textContent()).resolves.toContain('Please say a few words about what is going on.');
      await page.goBack();
    }
    await expect(page.getByLabel('Your email').inputValue()).resolves.toBe(email);
    await expect(page.getByLabel('Your phone number').inputValue()).resolves.toBe('+1 312 555 0100');
    await expect(page.getByRole('radio', { name: 'Today, if you can' }).isChecked()).resolves.toBe(true);

    await page.getByLabel('What is going on?').fill('I wrote both requests and cannot press send.');
    await page.getByRole('button', { name: 'Send it to my coach' }).click();

    await page.waitForURL(/\/thanks\/stuck\/\?ref=/);
    const id = refOf(page);
    expect(await recordFor('stuck', id)).toMatchObject({ data: { email, reply: 'call', howSoon: 'today' } });
    const coach = (await outboxFor(id)).find((m) => m.to[0] === 'coach@unstuck.localhost')!;
    expect(coach).toMatchObject({ subject: 'Jordan is stuck: would like a call today', replyTo: email });
  });

  it('has no axe violations, light or dark, and fits 320 px', async () => {
    await page.goto(url('/stuck/'));
    await expectAccessible(page, '/stuck/', javaScript);
    await page.goto(url('/contact/'));
    await page.getByRole('link', { name: '“I\'m stuck” page' }).click();
    await page.getByRole('heading', { name: 'I\'m stuck', level: 1 }).waitFor();
  });
});

describe('the coach’s Stuck queue', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it('lists a request with its ask, has no script and no axe violations, and lets it go once marked handled', async () => {
    const email = uniqueEmail('stuck-desk');
    const body = new URLSearchParams({ name: 'Robin Queue', email, what: 'The interview is tomorrow and I froze.', reply: 'email', howSoon: 'this-week' });
    expect((await fetch(url('/api/stuck'), { method: 'POST', body, redirect: 'manual' })).status).toBe(303);
    const page = await signedInPage(browser);

    await page.getByRole('link', { name: /clients? (is|are) stuck/ }).click();
    const item = page.getByRole('article').filter({ hasText: 'Robin Queue' });
    await expect(item.getByRole('heading').textContent()).resolves.toBe('Robin Queue would like an email this week');
    expect(await page.locator('script').count()).toBe(0);
    await expectAccessible(page, '/coach/stuck/', true);
    await item.getByRole('button', { name: 'Mark handled' }).click();

    await expect(page.getByRole('status').textContent()).resolves.toContain('Marked handled.');
    await expect(page.getByRole('article').filter({ hasText: 'Robin Queue' }).count()).resolves.toBe(0);
    await page.close();
  });
});
