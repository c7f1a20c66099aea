import { describe, expect, it } from 'vitest';
import { refusedLinkPage, signLink, verifyLink } from '../../netlify/server/signedLinks';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = new Date('2026-11-25T12:00:00Z');
const LATER = new Date('2026-12-02T12:00:00Z');
const link = () => signLink('https://unstuck.example.com/check-in?commitment=abc&answer=done', { secret: SECRET, expiresAt: LATER });

describe('signed links', () => {
  it('verifies a link it signed and returns its parameters without the signature', () => {
    const check = verifyLink(link(), { secret: SECRET, now: NOW });
    expect(check.ok).toBe(true);
    expect(check.ok && Object.fromEntries(check.params)).toEqual({ commitment: 'abc', answer: 'done' });
  });

  it('does not care about the order of the parameters', () => {
    const url = new URL(link());
    const reordered = new URL(url.origin + url.pathname);
    for (const [name, value] of [...url.searchParams].reverse()) reordered.searchParams.append(name, value);
    expect(verifyLink(reordered, { secret: SECRET, now: NOW }).ok).toBe(true);
  });

  it.each([
    ['a changed parameter', (url: URL) => url.searchParams.set('answer', 'not-yet')],
    ['an added parameter', (url: URL) => url.searchParams.set('admin', '1')],
    ['another path', (url: URL) => (url.pathname = '/moderate')],
    ['a later expiry', (url: URL) => url.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 86_400))],
    ['a changed signature', (url: URL) => url.searchParams.set('sig', url.searchParams.get('sig')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))],
    ['a truncated signature', (url: URL) => url.searchParams.set('sig', url.searchParams.get('sig')!.slice(0, 10))],
  ])('refuses %s as tampered', (_label, tamper) => {
    const url = new URL(link());
    tamper(url);
    expect(verifyLink(url, { secret: SECRET, now: NOW })).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a link signed with another secret', () => {
    expect(verifyLink(link(), { secret: `${SECRET}-rotated`, now: NOW })).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a link after it expires', () => {
    expect(verifyLink(link(), { secret: SECRET, now: new Date(LATER.getTime() + 1000) })).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a link without a signature', () => {
    expect(verifyLink('https://unstuck.example.com/check-in?commitment=abc', { secret: SECRET, now: NOW })).toEqual({ ok: false, reason: 'unsigned' });
  });

  it('answers a refused link with a 403 page that says what to do', async () => {
    const response = refusedLinkPage('expired');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toMatch(/This link has expired\..*Reply to the email/);
  });
});
