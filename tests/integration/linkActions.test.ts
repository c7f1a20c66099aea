/**
 * Emailed links end to end against a real local blobs server (behind the fault proxy): the page
 * a link opens changes nothing however often it is opened, the button acts once, and a failing
 * store or action loses nothing. The action here is a test's own; real endpoints come later.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore, type Store } from '@netlify/blobs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import type { FaultMode } from '#local/faultProxy.ts';
import { handleLinkAction, type LinkAction, type LinkActionDeps } from '#server/links/linkAction.ts';
import { CLAIM_LEASE_MS, createUsedLinks, MARKER_GRACE_MS, usedLinkKey } from '#server/links/usedLinks.ts';
import { createConsoleLogger } from '#server/log.ts';
import { html } from '#server/web/html.ts';
import { page } from '#server/web/respond.ts';
import { fail, ok } from '#server/result.ts';
import { CONTENT_SECURITY_POLICY } from '#server/web/securityHeaders.ts';
import { signLink, verifyLink, type VerifiedLink } from '#server/links/signedLinks.ts';
import { listKeys } from '../support/localStore';
import { createTestClock, type TestClock } from '../support/pipeline';

const SITE_URL = 'https://unstuck.example.com';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const PURPOSE = 'test-action';
const PATH = '/api/links/test-action';
const FIFTEEN_MINUTES = 15 * 60_000;
const FOURTEEN_DAYS = 14 * 24 * 60 * 60_000;

let dir: string;
let blobs: LocalBlobs;
let store: Store;
let clock: TestClock;
let logs: string[];
/** Every time the test action ran, with the link it ran for. */
let acted: VerifiedLink[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'unstuck-links-'));
  blobs = await startLocalBlobs(dir, { faults: true });
  process.env.NETLIFY_BLOBS_CONTEXT = blobs.context;
});
afterAll(async () => {
  await blobs.stop();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  store = getStore({ name: `links-${Math.random().toString(36).slice(2)}`, consistency: 'strong' });
  clock = createTestClock('2026-11-25T12:00:00Z');
  logs = [];
  acted = [];
});
afterEach(() => {
  blobs.faults!.mode = 'none';
});

const testAction = (overrides: Partial<LinkAction> = {}): LinkAction => ({
  purpose: PURPOSE,
  confirm: (link) => ({ title: 'Mark this as done?', intro: `This marks item ${link.params.item} as done.`, button: 'Yes, mark it done' }),
  act: async (link) => {
    acted.push(link);
    return ok(page(200, 'Done', html`<h1>Marked as done</h1>`));
  },
  ...overrides,
});

const deps = (): LinkActionDeps => ({
  secret: SECRET,
  siteUrl: SITE_URL,
  clock: () => clock.now(),
  used: createUsedLinks(store, { deadlineMs: 300 }),
  log: createConsoleLogger((line) => logs.push(line)),
});

const aLink = ({ params = { item: '42' } as Record<string, string>, expiresInMs = FOURTEEN_DAYS, purpose = PURPOSE } = {}) =>
  signLink({ purpose, path: PATH, params, expiresAt: new Date(clock.now().getTime() + expiresInMs) }, { secret: SECRET, siteUrl: SITE_URL });

/** Opening the link from an email (or a mail scanner fetching it). */
const open = (url: string, method: 'GET' | 'HEAD' = 'GET', action = testAction()) =>
  handleLinkAction(new Request(url, { method, headers: { 'sec-fetch-site': 'none' } }), action, deps());

/** Pressing the button on the page the link opened, as the browser posts it. */
const press = (url: string, action = testAction(), headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) =>
  handleLinkAction(
    new Request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: '' }),
    action,
    deps(),
  );

/** Where the page's form posts to, as a browser on the site would resolve it. */
function formAction(html: string): string {
  const action = /<form method="post" action="([^"]*)">/.exec(html)?.[1];
  expect(action).toBeDefined();
  return new URL(action!.replaceAll('&amp;', '&'), SITE_URL).href;
}

describe('the page an emailed link opens', () => {
  it('changes nothing however often a mail scanner opens it, and then the button acts exactly once', async () => {
    const url = aLink();

    for (let scan = 0; scan < 3; scan++) expect((await open(url)).status).toBe(200);
    expect((await open(url, 'HEAD')).status).toBe(200);
    expect(acted).toEqual([]);
    expect(await listKeys(store)).toEqual([]);

    const html = await (await open(url)).text();
    const response = await press(formAction(html));

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Marked as done');
    expect(acted.map((link) => link.params)).toEqual([{ item: '42' }]);
    expect(await listKeys(store)).toEqual([usedLinkKey(acted[0]!.lid)]);
  });

  it('has one form with one button that posts back to the same signed link, and no script or inline style', async () => {
    const url = aLink({ params: { item: '<b>42</b>' } });

    const response = await open(url);
    const html = await response.text();

    expect(html.match(/<form/g)).toHaveLength(1);
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('Yes, mark it done');
    expect(html).toContain('This marks item &lt;b&gt;42&lt;/b&gt; as done.');
    expect(formAction(html)).toBe(url);
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('carries the security headers and is never cached', async () => {
    const response = await open(aLink());

    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await open(aLink(), 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('says a used link has been used, with no button to press', async () => {
    const url = aLink();
    await press(url);

    const response = await open(url);

    expect(response.status).toBe(410);
    const html = await response.text();
    expect(html).toContain('This link has already been used');
    expect(html).not.toContain('<button');
  });

  it('refuses other methods', async () => {
    const response = await handleLinkAction(new Request(aLink(), { method: 'PUT' }), testAction(), deps());
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
  });
});

describe('pressing the button', () => {
  it('acts once; pressing it again says the link has been used and does nothing', async () => {
    const url = aLink();

    expect((await press(url)).status).toBe(200);
    const again = await press(url);

    expect(again.status).toBe(410);
    expect(await again.text()).toMatch(/This link has already been used, so nothing more was done/);
    expect(acted).toHaveLength(1);
  });

  it('acts exactly once when pressed many times at the same moment', async () => {
    const url = aLink();
    const presses = 5;
    // The action holds on until every other press has had its answer, so they truly overlap.
    let settled = 0;
    let release!: () => void;
    const othersAnswered = new Promise<void>((resolve) => (release = resolve));
    const count = () => ++settled === presses && release();
    const slowAction = testAction({
      act: async (link) => {
        acted.push(link);
        count();
        await othersAnswered;
        return ok(page(200, 'Done', html`<h1>Marked as done</h1>`));
      },
    });

    const statuses = await Promise.all(
      Array.from({ length: presses }, async () => {
        const response = await press(url, slowAction);
        if (response.status !== 200) count();
        return response.status;
      }),
    );

    expect(acted).toHaveLength(1);
    expect(statuses.sort()).toEqual([200, 409, 409, 409, 409]);
    expect((await press(url, slowAction)).status).toBe(410);
  });

  it('refuses a tampered link, opened or pressed, and records nothing', async () => {
    const url = new URL(aLink());
    url.searchParams.set('item', '43');

    for (const response of [await open(url.href), await press(url.href)]) {
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('This link has been changed since it was sent');
    }
    expect(acted).toEqual([]);
    expect(await listKeys(store)).toEqual([]);
  });

  it('refuses a link that repeats a parameter', async () => {
    const response = await press(`${aLink()}&item=43`);
    expect(response.status).toBe(403);
    expect(acted).toEqual([]);
  });

  it('refuses a link made for another purpose', async () => {
    const response = await press(aLink({ purpose: 'moderate' }));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('meant for something else');
    expect(acted).toEqual([]);
  });

  it('refuses a press that comes from another site, and the link still works from its own page', async () => {
    const url = aLink();

    const fromElsewhere = [await press(url, testAction(), { 'sec-fetch-site': 'cross-site' }), await press(url, testAction(), { origin: 'https://evil.example' })];

    for (const response of fromElsewhere) expect(response.status).toBe(403);
    expect(acted).toEqual([]);
    expect(await listKeys(store)).toEqual([]);
    expect((await press(url)).status).toBe(200);
  });

  it('refuses a link that expired between opening it and pressing the button', async () => {
    const url = aLink({ expiresInMs: FIFTEEN_MINUTES });
    expect((await open(url)).status).toBe(200);

    clock.set(clock.now().toISOString(), FIFTEEN_MINUTES);
    const response = await press(url);

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('This link has expired');
    expect(acted).toEqual([]);
  });

  it('says nothing happened when the action fails, and the link works again', async () => {
    const url = aLink();
    let attempts = 0;
    const flaky = testAction({
      act: async (link) => {
        attempts++;
        if (attempts === 1) return fail({ name: 'MailUnavailable' });
        acted.push(link);
        return ok(page(200, 'Done', html`<h1>Marked as done</h1>`));
      },
    });

    const failed = await press(url, flaky);

    expect(failed.status).toBe(503);
    expect(await failed.text()).toMatch(/nothing happened.*the link still works, and trying again is safe/);
    expect((await press(url, flaky)).status).toBe(200);
    expect((await press(url, flaky)).status).toBe(410);
    expect(attempts).toBe(2);
    expect(acted).toHaveLength(1);
  });

  it('treats an action that throws like one that failed', async () => {
    const url = aLink();
    const throwing = testAction({ act: () => Promise.reject(new TypeError('boom')) });

    expect((await press(url, throwing)).status).toBe(503);
    expect(logs.join('\n')).toContain('"error":"TypeError"');
    expect((await press(url)).status).toBe(200);
  });

  it('waits out a claim a crashed press left behind, then acts once', async () => {
    const url = aLink();
    const check = verifyLink(url, { secret: SECRET, siteUrl: SITE_URL, purpose: PURPOSE, now: clock.now() });
    if (!check.ok) throw new Error('the test link does not verify');
    // A press that claimed the link and then died before acting.
    expect(await createUsedLinks(store).claim(check.link, clock.now())).toMatchObject({ ok: true, value: { outcome: 'claimed' } });

    const meanwhile = await press(url);
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.headers.get('retry-after')).toBe('120');
    expect(acted).toEqual([]);

    clock.set(clock.now().toISOString(), CLAIM_LEASE_MS);
    expect((await press(url)).status).toBe(200);
    expect((await press(url)).status).toBe(410);
    expect(acted).toHaveLength(1);
  });
  it('lets only one of several presses take over a lapsed claim', async () => {
    const url = aLink();
    const check = verifyLink(url, { secret: SECRET, siteUrl: SITE_URL, purpose: PURPOSE, now: clock.now() });
    if (!check.ok) throw new Error('the test link does not verify');
    await createUsedLinks(store).claim(check.link, clock.now());
    clock.set(clock.now().toISOString(), CLAIM_LEASE_MS);

    const statuses = await Promise.all(Array.from({ length: 4 }, async () => (await press(url)).status));

    expect(acted).toHaveLength(1);
    expect(statuses).toContain(200);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 409 || status === 410)).toBe(true);
  });
});

describe.each<FaultMode>(['unavailable', 'hang', 'reset'])('pressing the button while the blob store is %s', (mode) => {
  it('answers 503 saying nothing happened and trying again is safe, acts on nothing, and acts once when the store is back', async () => {
    const url = aLink();
    blobs.faults!.mode = mode;

    const opened = await open(url);
    const refused = await press(url);

    expect(opened.status).toBe(200);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.text()).toMatch(/nothing happened\. Please try again in a minute: the link still works, and trying again is safe/);
    expect(acted).toEqual([]);

    blobs.faults!.mode = 'none';
    expect((await press(url)).status).toBe(200);
    expect((await press(url)).status).toBe(410);
    expect(acted).toHaveLength(1);
  });
});

describe('reusable links', () => {
  it('act every time the button is pressed, record nothing, and still do nothing when opened', async () => {
    const url = aLink();
    const reusable = testAction({ reusable: true });

    expect((await open(url, 'GET', reusable)).status).toBe(200);
    expect(acted).toEqual([]);
    expect((await press(url, reusable)).status).toBe(200);
    expect((await press(url, reusable)).status).toBe(200);

    expect(acted).toHaveLength(2);
    expect(await listKeys(store)).toEqual([]);
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  const oneClick = (url: string, action: LinkAction, body: string, headers: Record<string, string> = { origin: 'https://mail.provider.example' }) =>
    handleLinkAction(new Request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body }), action, deps());

  it('acts at once on a List-Unsubscribe=One-Click post from another site, for an action that allows it', async () => {
    const action = testAction({ reusable: true, oneClick: true });

    const response = await oneClick(aLink(), action, 'List-Unsubscribe=One-Click');

    expect(response.status).toBe(200);
    expect(acted).toHaveLength(1);
  });

  it('still refuses other posts from another site, and one-click posts to an action that does not allow it', async () => {
    const refused = [
      await oneClick(aLink(), testAction({ reusable: true, oneClick: true }), 'anything=else'),
      await oneClick(aLink(), testAction({ reusable: true, oneClick: true }), '', { 'sec-fetch-site': 'cross-site' }),
      await oneClick(aLink(), testAction({ reusable: true }), 'List-Unsubscribe=One-Click'),
      await oneClick(aLink({ purpose: 'another-action' }), testAction({ reusable: true, oneClick: true }), 'List-Unsubscribe=One-Click'),
    ];

    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(acted).toEqual([]);
  });
});

describe('used-link markers', () => {
  it('hold a random id, the purpose and times, and nothing the link carried', async () => {
    const email = 'grace@example.org';
    await press(aLink({ params: { item: '42', email } }));

    const [key] = await listKeys(store);
    const marker = await store.getMetadata(key!);

    expect(key).toMatch(/^used-links\/[A-Za-z0-9_-]{22}$/);
    expect(Object.keys(marker!.metadata).sort()).toEqual(['expiresAt', 'purpose', 'since', 'state']);
    expect(marker!.metadata).toMatchObject({ purpose: PURPOSE, state: 'used', since: clock.now().toISOString() });
    expect(JSON.stringify(marker)).not.toContain('grace');
    expect(logs.join('\n')).not.toContain('grace');
  });

  it('are purged once their link has been expired for a day, and not before', async () => {
    const shortLink = aLink({ expiresInMs: FIFTEEN_MINUTES });
    const longLink = aLink({ expiresInMs: FOURTEEN_DAYS });
    await press(shortLink);
    await press(longLink);
    const used = createUsedLinks(store);
    const shortKey = usedLinkKey(new URL(shortLink).searchParams.get('lid')!);
    const start = clock.now().getTime();

    expect(await used.purgeExpired(new Date(start + FIFTEEN_MINUTES + MARKER_GRACE_MS - 1000))).toEqual({ ok: true, value: [] });
    expect(await used.purgeExpired(new Date(start + FIFTEEN_MINUTES + MARKER_GRACE_MS))).toEqual({ ok: true, value: [shortKey] });
    expect(await listKeys(store)).toEqual([usedLinkKey(new URL(longLink).searchParams.get('lid')!)]);
  });

  it('reports a store that is down instead of pretending it purged', async () => {
    blobs.faults!.mode = 'unavailable';
    const purged = await createUsedLinks(store, { deadlineMs: 300 }).purgeExpired(clock.now());
    expect(purged.ok).toBe(false);
  });
});

describe('actions that read what was posted, and show a page of their own', () => {
  /** Acts on a posted `note`; refuses an empty one with a page that keeps nothing and claims nothing. */
  const noteAction: LinkAction<{ note: string }> = {
    purpose: PURPOSE,
    openPage: async (_link, formAction) => page(200, 'Add a note', html`<h1>Add a note</h1><form method="post" action="${formAction}"><textarea name="note"></textarea><button>Send</button></form>`),
    usedPage: async (link) => page(200, 'Noted', html`<h1>Noted for item ${link.params.item}</h1>`),
    read: async (_link, req) => {
      const note = new URLSearchParams(await req.text()).get('note') ?? '';
      return note ? ok({ note }) : fail(page(422, 'Please add a note', html`<h1>Please add a note</h1>`));
    },
    act: async (link, { note }) => {
      acted.push({ ...link, params: { ...link.params, note } });
      return ok(page(200, 'Done', html`<h1>Noted</h1>`));
    },
  };
  const show = (url: string) => handleLinkAction(new Request(url, { headers: { 'sec-fetch-site': 'none' } }), noteAction, deps());
  const post = (url: string, body: string) =>
    handleLinkAction(new Request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body }), noteAction, deps());

  it('answers a refused post with its own page, claims nothing, and the link still acts afterwards', async () => {
    const url = aLink();

    const refused = await post(url, 'note=');

    expect(refused.status).toBe(422);
    expect(acted).toEqual([]);
    expect(await listKeys(store)).toEqual([]);
    expect((await post(url, 'note=hello')).status).toBe(200);
    expect(acted.map((link) => link.params.note)).toEqual(['hello']);
  });

  it('opens its own page, and once used shows what it did instead of the shared words', async () => {
    const url = aLink();

    expect(await (await show(url)).text()).toContain('<h1>Add a note</h1>');
    await post(url, 'note=hello');
    const used = await show(url);

    expect(used.status).toBe(200);
    expect(await used.text()).toContain('<h1>Noted for item 42</h1>');
    expect((await post(url, 'note=again')).status).toBe(410);
    expect(acted).toHaveLength(1);
  });
});
