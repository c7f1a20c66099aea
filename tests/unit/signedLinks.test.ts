import { describe, expect, it } from 'vitest';
import { newLinkId, refusedLinkPage, signLink, verifyLink, type LinkRefusal } from '#server/links/signedLinks.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const SITE_URL = 'https://unstuck.example.com';
const NOW = new Date('2026-11-25T12:00:00Z');
const FIFTEEN_MINUTES = 15 * 60_000;
const KEYS = { secret: SECRET, siteUrl: SITE_URL };

const link = (overrides: { purpose?: string; siteUrl?: string; lid?: string } = {}) =>
  signLink(
    {
      purpose: overrides.purpose ?? 'check-in',
      path: '/api/links/check-in',
      params: { commitment: 'abc', answer: 'done' },
      expiresAt: new Date(NOW.getTime() + FIFTEEN_MINUTES),
      ...(overrides.lid ? { lid: overrides.lid } : {}),
    },
    { secret: SECRET, siteUrl: overrides.siteUrl ?? SITE_URL },
  );
const verify = (url: string | URL, { purpose = 'check-in', now = NOW, siteUrl = SITE_URL } = {}) => verifyLink(url, { secret: SECRET, siteUrl, purpose, now });

/** Adds a parameter at the end, even one the link has already. */
const appended = (name: string, value: string) => (url: URL) => url.searchParams.append(name, value);

describe('signed links', () => {
  it('verifies a link it signed and returns its purpose, id, expiry and parameters', () => {
    const check = verify(link());

    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.link.purpose).toBe('check-in');
    expect(check.link.lid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(check.link.expiresAt.getTime()).toBe(NOW.getTime() + FIFTEEN_MINUTES);
    expect(check.link.params).toEqual({ commitment: 'abc', answer: 'done' });
  });

  it('puts the link on the site’s own origin and path', () => {
    const url = new URL(link());
    expect(url.origin).toBe(SITE_URL);
    expect(url.pathname).toBe('/api/links/check-in');
  });

  it('gives every link its own random id, unless links are one choice and share it', () => {
    expect(new URL(link()).searchParams.get('lid')).not.toBe(new URL(link()).searchParams.get('lid'));
    const lid = newLinkId();
    expect(new URL(link({ lid })).searchParams.get('lid')).toBe(lid);
  });

  it('does not care about the order of the parameters', () => {
    const url = new URL(link());
    const reordered = new URL(url.origin + url.pathname);
    for (const [name, value] of [...url.searchParams].reverse()) reordered.searchParams.append(name, value);
    expect(verify(reordered).ok).toBe(true);
  });

  it.each([
    ['a parameter', appended('answer', 'not-yet')],
    ['the same parameter with the same value', appended('commitment', 'abc')],
    ['the signature', appended('sig', 'x')],
    ['the expiry', appended('exp', '99999999999')],
    ['the link id', appended('lid', newLinkId())],
    ['the purpose', appended('purpose', 'moderate')],
  ])('refuses a link that repeats %s, before checking anything else', (_label, repeat) => {
    const url = new URL(link());
    repeat(url);
    expect(verify(url)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['a changed parameter', (url: URL) => url.searchParams.set('answer', 'not-yet')],
    ['an added parameter', (url: URL) => url.searchParams.set('admin', '1')],
    ['a removed parameter', (url: URL) => url.searchParams.delete('answer')],
    ['another path', (url: URL) => (url.pathname = '/api/links/moderate')],
    ['another purpose', (url: URL) => url.searchParams.set('purpose', 'moderate')],
    ['another link id', (url: URL) => url.searchParams.set('lid', newLinkId())],
    ['a later expiry', (url: URL) => url.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 86_400))],
    ['a changed signature', (url: URL) => url.searchParams.set('sig', url.searchParams.get('sig')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))],
    ['a truncated signature', (url: URL) => url.searchParams.set('sig', url.searchParams.get('sig')!.slice(0, 10))],
  ])('refuses %s as tampered', (_label, tamper) => {
    const url = new URL(link());
    tamper(url);
    expect(verify(url, { purpose: url.searchParams.get('purpose')! })).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a link signed with another secret', () => {
    expect(verifyLink(link(), { secret: `${SECRET}-rotated`, siteUrl: SITE_URL, purpose: 'check-in', now: NOW })).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a genuine link at an endpoint that expects another purpose', () => {
    expect(verify(link({ purpose: 'check-in' }), { purpose: 'moderate' })).toEqual({ ok: false, reason: 'wrong-purpose' });
  });

  it('refuses a link signed for another site with the same secret, even moved onto this one', () => {
    const staging = new URL(link({ siteUrl: 'https://staging.unstuck.example.com' }));
    const moved = new URL(`${staging.pathname}${staging.search}`, SITE_URL);

    expect(verify(moved)).toEqual({ ok: false, reason: 'tampered' });
    expect(verify(staging, { siteUrl: 'https://staging.unstuck.example.com' }).ok).toBe(true);
  });

  it('works until the moment it expires, and not from then on', () => {
    const expiry = NOW.getTime() + FIFTEEN_MINUTES;
    expect(verify(link(), { now: new Date(expiry - 1000) }).ok).toBe(true);
    expect(verify(link(), { now: new Date(expiry) })).toEqual({ ok: false, reason: 'expired' });
    expect(verify(link(), { now: new Date(expiry + 1000) })).toEqual({ ok: false, reason: 'expired' });
  });

  it.each(['sig', 'exp', 'lid', 'purpose'])('refuses a link without its %s as incomplete', (name) => {
    const url = new URL(link());
    url.searchParams.delete(name);
    expect(verify(url)).toEqual({ ok: false, reason: 'incomplete' });
  });

  it('will not sign a parameter that has a reserved name, or a purpose that is not a plain word', () => {
    const sign = (purpose: string, params: Record<string, string>) => () =>
      signLink({ purpose, path: '/api/links/x', params, expiresAt: NOW }, KEYS);
    expect(sign('check-in', { sig: 'x' })).toThrow(/cannot be named sig/);
    expect(sign('check-in', { exp: '1' })).toThrow(/cannot be named exp/);
    expect(sign('Check In', {})).toThrow(/purpose/);
  });

  it.each<[LinkRefusal, RegExp]>([
    ['incomplete', /use the whole link from your email/],
    ['malformed', /part of it appears twice/],
    ['tampered', /changed since it was sent/],
    ['wrong-purpose', /meant for something else/],
    ['expired', /This link has expired\..*Reply to the email/],
  ])('answers a %s link with a 403 page that says what to do', async (reason, words) => {
    const response = refusedLinkPage(reason);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toMatch(words);
  });
});
