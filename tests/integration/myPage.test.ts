/**
 * A client's own page against the real local blobs server: the emailed link opens a page with one
 * button and changes nothing until it is pressed; the press sets a signed cookie; the page shows
 * only this client's homework, deadlines in their own time zone, the check-in buttons of what is
 * open and their wins; the coach's "revoke" ends every earlier link and cookie at once; tampered
 * and expired links and cookies are refused; nothing without a cookie ever crashes.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_COOKIE } from '#server/my/clientCookie.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { useDesk } from '../support/desk';
import { listKeys } from '../support/localStore';
import { clientPages, cookieOf } from '../support/myPage';

const d = useDesk();
const c = clientPages(d);

const ADA = 'ada@example.org';
const GRACE = 'grace@example.org';
const DAY = 24 * 3600_000;

/** Every key in the stores a link could touch. */
const everything = async () => [...(await listKeys(d.h.blobs)), ...(await listKeys(d.linkBlobs)), ...(await listKeys(d.deps.deskBlobs))];

/** Opens the emailed link and presses its button, as the client would; returns the cookie. */
async function signIn(email = ADA, version = 1): Promise<string> {
  const pressed = await c.my(c.myLink(email, version), { method: 'POST' });
  expect(pressed.status).toBe(303);
  return cookieOf(pressed);
}

const pageOf = async (cookie?: string) => {
  const response = await c.my('/my/', cookie ? { cookie } : {});
  return { response, html: await response.text() };
};

describe('the link in a homework email', () => {
  it('opens a page with one button and changes nothing, however often it is opened', async () => {
    await c.homework({ email: ADA });
    const link = c.myLink(ADA);
    const before = await everything();

    for (const method of ['GET', 'HEAD', 'GET'] as const) {
      const opened = await c.my(link, { method });
      expect(opened.status).toBe(200);
      expect(opened.headers.get('set-cookie')).toBeNull();
      if (method === 'GET') {
        const html = await opened.text();
        expect(html.match(/<button/g)).toHaveLength(1);
        expect(html).toContain('Open my page');
        expect(html).toContain(`action="${new URL(link).pathname}${new URL(link).search.replace(/&/g, '&amp;')}"`);
      }
    }

    expect(await everything()).toEqual(before);
  });

  it('sets a signed cookie on the button press, for /my/ only, and goes to the page; the link keeps working', async () => {
    const link = c.myLink(ADA);

    const first = await c.my(link, { method: 'POST' });
    const again = await c.my(link, { method: 'POST' });

    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/my/');
    const attributes = first.headers.get('set-cookie')!.split('; ');
    expect(attributes[0]).toMatch(new RegExp(`^${CLIENT_COOKIE}=${emailHash(ADA)}\\.1\\.\\d+\\.[\\w-]+$`));
    expect(attributes.slice(1).sort()).toEqual(['HttpOnly', `Max-Age=${30 * 24 * 3600}`, 'Path=/my', 'SameSite=Lax', 'Secure'].sort());
    expect(again.status).toBe(303);
  });

  it('refuses a press from another site', async () => {
    const pressed = await c.my(c.myLink(ADA), { method: 'POST', headers: { Origin: 'https://elsewhere.example', 'Sec-Fetch-Site': 'cross-site' } });

    expect(pressed.status).toBe(403);
    expect(pressed.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a tampered link and an expired one, and sets no cookie', async () => {
    const link = new URL(c.myLink(ADA));
    const tampered = new URL(link);
    tampered.searchParams.set('h', emailHash(GRACE));
    d.h.clock.set(d.h.clock.now().toISOString(), 91 * DAY);

    for (const bad of [tampered.href, link.href]) {
      for (const method of ['GET', 'POST'] as const) {
        const answer = await c.my(bad, { method });
        expect(answer.status, `${method} ${bad === link.href ? 'expired' : 'tampered'}`).toBe(403);
        expect(answer.headers.get('set-cookie')).toBeNull();
      }
    }
  });
});

describe('the page', () => {
  it('shows this client’s homework with deadlines in their own time zone, in words, and never another client’s', async () => {
    await c.homework({ email: ADA, what: 'Send two requests', when: '2026-12-01T09:00', timeZone: 'America/Chicago' });
    await c.homework({ email: ADA, what: 'Draft the portfolio page', when: '2026-12-03T18:30', timeZone: 'Asia/Tokyo' });
    await c.homework({ email: GRACE, what: 'Grace private plan', timeZone: 'Europe/London' });

    const { response, html } = await pageOf(await signIn(ADA));

    expect(response.status).toBe(200);
    expect(html).toContain('Hi Ada');
    expect(html).toContain('Send two requests');
    expect(html).toContain('Due in 6 days</strong>: Tuesday, December 1, 2026 at 9:00 AM (America/Chicago)');
    expect(html).toContain('Draft the portfolio page');
    expect(html).toContain('Thursday, December 3, 2026 at 6:30 PM (Asia/Tokyo)');
    expect(html).not.toContain('Grace');
    expect(html).not.toContain(GRACE);
  });

  it('never shows a record another client’s pointer-thief left under this client', async () => {
    const { record } = await c.homework({ email: GRACE, what: 'Grace private plan' });
    // A pointer of Ada's that leads to Grace's record (an attempt that lost its id to Grace's post).
    await d.h.blobs.set(`clients/${emailHash(ADA)}/commitment/${record.id}`, '');
    await c.homework({ email: ADA, what: 'Ada own plan' });

    const { html } = await pageOf(await signIn(ADA));

    expect(html).toContain('Ada own plan');
    expect(html).not.toContain('Grace private plan');
  });

  it('offers Done, Partly and Not yet for what is open, as the loop’s one choice, and lists the wins with their notes', async () => {
    const { state: open } = await c.homework({ email: ADA, what: 'Still open' });
    await c.homework({ email: ADA, what: 'Finished early' }, { answer: { answer: 'done', at: '2026-11-26T10:00:00.000Z', by: 'client', note: 'Both sent, one reply already!' } });
    await c.homework({ email: ADA, what: 'Half there' }, { answer: { answer: 'partly', at: '2026-11-26T11:00:00.000Z', by: 'client', note: 'One of two' } });

    const { html } = await pageOf(await signIn(ADA));

    const links = [...html.matchAll(/href="([^"]*\/api\/check-in\?[^"]*)"/g)].map((m) => new URL(m[1]!.replace(/&amp;/g, '&')));
    expect(links.map((l) => l.searchParams.get('a'))).toEqual(['done', 'partly', 'not-yet']);
    expect(new Set(links.map((l) => l.searchParams.get('lid')))).toEqual(new Set([open.checkInLid]));
    expect(new Set(links.map((l) => l.searchParams.get('c')))).toEqual(new Set([open.commitmentId]));
    const wins = html.slice(html.indexOf('Your wins so far'));
    expect(wins).toContain('Finished early');
    expect(wins).toContain('You said: “Both sent, one reply already!”');
    expect(wins.indexOf('Finished early')).toBeLessThan(wins.indexOf('Earlier homework'));
    expect(html.slice(html.indexOf('Earlier homework'))).toContain('Partly, said on Thursday, November 26, 2026 at 5:00 AM (America/Chicago)');
    expect(html.slice(html.indexOf('Still to do'), html.indexOf('Your wins so far'))).not.toContain('Finished early');
  });

  it('is never cached or indexed', async () => {
    const { response, html } = await pageOf(await signIn(ADA));

    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
  });

  it('without a cookie, or with a broken one, says how to get a link', async () => {
    for (const cookie of [undefined, `${CLIENT_COOKIE}=nonsense`, `${CLIENT_COOKIE}=a.b.c.d`, `${CLIENT_COOKIE}=`]) {
      const { response, html } = await pageOf(cookie);
      expect(response.status, String(cookie)).toBe(200);
      expect(html).toContain('“Open my page”');
      expect(html).not.toContain('Sign out');
    }
  });

  it('refuses a cookie that was changed to name someone else, or has ended', async () => {
    await c.homework({ email: GRACE, what: 'Grace private plan' });
    const cookie = await signIn(ADA);
    const [name, value] = cookie.split('=') as [string, string];
    const forged = `${name}=${[emailHash(GRACE), ...value.split('.').slice(1)].join('.')}`;

    const tampered = await pageOf(forged);
    d.h.clock.set(d.h.clock.now().toISOString(), 30 * DAY + 1000);
    const ended = await pageOf(cookie);

    expect(tampered.html).not.toContain('Grace private plan');
    expect(tampered.html).toContain('That sign-in could not be read');
    expect(ended.html).toContain('Your sign-in on this device has ended');
    for (const { response } of [tampered, ended]) expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^${CLIENT_COOKIE}=; .*Max-Age=0`));
  });

  it('signs out: the cookie is cleared', async () => {
    const cookie = await signIn(ADA);

    const out = await c.my('/my/sign-out', { method: 'POST', cookie });

    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/my/?done=signed-out');
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${CLIENT_COOKIE}=; Path=/my; Max-Age=0`));
    expect((await pageOf()).html).toContain('“Open my page”');
  });

  it('refuses its own buttons from another site', async () => {
    const cookie = await signIn(ADA);
    const cross = { Origin: 'https://elsewhere.example', 'Sec-Fetch-Site': 'cross-site' };

    expect((await c.my('/my/sign-out', { method: 'POST', cookie, headers: cross })).status).toBe(403);
    expect((await c.my('/my/reminders', { method: 'POST', cookie, form: { action: 'stop' }, headers: cross })).status).toBe(403);
    expect((await d.deps.loop.getClient(emailHash(ADA)))).toEqual({ ok: true, value: { linkVersion: 1 } });
  });
});

describe('revoking a client’s links', () => {
  it('ends every earlier link and cookie at once, and later links work', async () => {
    await c.homework({ email: ADA, what: 'Ada own plan' });
    const oldLink = c.myLink(ADA, 1);
    const oldCookie = await signIn(ADA, 1);
    const coach = await d.signIn();

    const revoked = await d.request('/api/coach/clients/revoke-links', { method: 'POST', cookie: coach, form: { client: emailHash(ADA) } });

    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe(`/coach/clients/${emailHash(ADA)}/?done=links-revoked`);
    expect(await d.deps.loop.getClient(emailHash(ADA))).toEqual({ ok: true, value: { linkVersion: 2 } });
    const stale = await pageOf(oldCookie);
    expect(stale.html).not.toContain('Ada own plan');
    expect(stale.html).toContain('replaced by a newer one');
    expect(stale.response.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    const opened = await c.my(oldLink);
    expect(opened.status).toBe(403);
    expect(await opened.text()).not.toContain('Open my page</button>');
    const pressed = await c.my(oldLink, { method: 'POST' });
    expect(pressed.status).toBe(403);
    expect(pressed.headers.get('set-cookie')).toBeNull();
    expect((await pageOf(await signIn(ADA, 2))).html).toContain('Ada own plan');
    expect(await (await d.request('/coach/activity/', { cookie: coach })).text()).toContain('Revoked a client’s page links');
  });

  it('is a desk action: refused without a session and from another site', async () => {
    const coach = await d.signIn();

    expect((await d.request('/api/coach/clients/revoke-links', { method: 'POST', form: { client: emailHash(ADA) } })).status).toBe(401);
    expect((await d.request('/api/coach/clients/revoke-links', { method: 'POST', cookie: coach, form: { client: emailHash(ADA) }, headers: { Origin: 'https://elsewhere.example', 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    expect(await d.deps.loop.getClient(emailHash(ADA))).toEqual({ ok: true, value: { linkVersion: 1 } });
  });
});

describe('reminders from the page', () => {
  it('stop and start again', async () => {
    const cookie = await signIn(ADA);

    const stopped = await c.my('/my/reminders', { method: 'POST', cookie, form: { action: 'stop' } });
    const whileStopped = await pageOf(cookie);
    const started = await c.my('/my/reminders', { method: 'POST', cookie, form: { action: 'start' } });

    expect(stopped.headers.get('location')).toBe('/my/?done=stopped');
    expect(whileStopped.html).toContain('Turn reminders back on');
    expect(started.headers.get('location')).toBe('/my/?done=started');
    const settings = await d.deps.loop.getClient(emailHash(ADA));
    expect(settings.ok && settings.value.stoppedAt).toBeUndefined();
    expect((await pageOf(cookie)).html).toContain('Stop reminders and check-ins');
  });
});
