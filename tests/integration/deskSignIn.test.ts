/** Signing in to the coach's desk by email: one-time links, a signed session cookie, and a guard on everything else. */
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '#server/desk/session.ts';
import { cookieFrom, cookiesFrom, useDesk } from '../support/desk';
import { COACH_EMAIL } from '../support/pipeline';

const d = useDesk();

describe('asking for a sign-in link', () => {
  it('emails a link to the coach, and says the same to anyone else without sending anything', async () => {
    const forCoach = await d.askForLink(` ${COACH_EMAIL.toUpperCase()} `);
    const forStranger = await d.askForLink('someone@example.org');

    const coachPage = await forCoach.text();
    expect(forCoach.status).toBe(200);
    expect(await forStranger.text()).toBe(coachPage);
    expect(coachPage).toContain('If that is the coach');
    expect(d.h.resend.sent.map((m) => m.body.to)).toEqual([[COACH_EMAIL]]);
    expect(d.signInLinks()).toHaveLength(1);
  });

  it('sends at most five sign-in emails an hour, however often it is asked', async () => {
    for (let i = 0; i < 7; i++) await d.askForLink(COACH_EMAIL);
    expect(d.signInLinks()).toHaveLength(5);

    d.h.clock.set(d.h.clock.now().toISOString(), 3600_000);
    await d.askForLink(COACH_EMAIL);
    expect(d.signInLinks()).toHaveLength(6);
  });

  it('keeps to the cap when many requests arrive at the same moment', async () => {
    await Promise.all(Array.from({ length: 20 }, () => d.askForLink(COACH_EMAIL)));
    await Promise.all(d.background);
    expect(d.signInLinks()).toHaveLength(5);
  });
});

describe('the coach, when strangers ask for her links', () => {
  /** Signs in from the emailed link as a browser would, keeping every cookie the desk sets (the session and the known device). */
  async function signInKeepingCookies() {
    await d.askForLink(COACH_EMAIL);
    const signedIn = await d.request(d.signInLinks().at(-1)!, { method: 'POST' });
    return cookiesFrom(signedIn);
  }

  it('still gets her link in a browser that signed in before, after strangers used up the hour’s links', async () => {
    const herBrowser = await signInKeepingCookies();
    for (let i = 0; i < 8; i++) await d.askForLink(COACH_EMAIL);
    const before = d.signInLinks().length;

    await d.askForLink(COACH_EMAIL, { cookie: herBrowser });

    expect(before).toBe(5);
    expect(d.signInLinks()).toHaveLength(6);
    expect(herBrowser).toMatch(/__Host-unstuck_coach_device=/);
  });

  it('tells every new browser that links are limited and when to ask again, in the same words for any address', async () => {
    for (let i = 0; i < 8; i++) await d.askForLink(COACH_EMAIL);

    const forCoach = await (await d.askForLink(COACH_EMAIL)).text();
    const forStranger = await (await d.askForLink('someone@example.org')).text();

    expect(forCoach).toBe(forStranger);
    expect(forCoach).toContain('Sign-in links are limited');
    expect(forCoach).toMatch(/ask again after [A-Z][a-z]+day, .+ at \d{1,2}:00 [AP]M \(America\/Chicago\)/);
  });

  it('does not count a known-device cookie the desk did not sign', async () => {
    for (let i = 0; i < 5; i++) await d.askForLink(COACH_EMAIL);
    await d.askForLink(COACH_EMAIL, { cookie: '__Host-unstuck_coach_device=made-up.signature' });
    expect(d.signInLinks()).toHaveLength(5);
  });

  it('answers her address and any other the same way: the same page, and the same one piece of work handed on after the answer', async () => {
    const answers = [];
    for (const email of [COACH_EMAIL, 'someone@example.org']) {
      const handedOn = d.background.length;
      const answer = await d.request('/api/coach/sign-in', { method: 'POST', form: { email } });
      answers.push({ status: answer.status, headers: [...answer.headers], body: await answer.text(), handedOn: d.background.length - handedOn });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.handedOn).toBe(1);
  });
});

describe('the emailed sign-in link', () => {
  it('only shows a page with one button when opened, however often: a mail scanner signs no one in', async () => {
    await d.askForLink(COACH_EMAIL);
    const [link] = d.signInLinks();

    const opened = [await d.request(link!), await d.request(link!), await d.request(link!, { method: 'HEAD' })];
    const html = await opened[0]!.text();
    const signedIn = await d.request(link!, { method: 'POST' });

    for (const page of opened) expect(page.headers.get('set-cookie')).toBeNull();
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('Sign in');
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/coach/');
    expect(signedIn.headers.getSetCookie()[0]).toMatch(new RegExp(`^__Host-${SESSION_COOKIE}=[^;]+; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure$`));
  });

  it('signs in once: the same link pressed again is refused', async () => {
    await d.askForLink(COACH_EMAIL);
    const [link] = d.signInLinks();

    await d.request(link!, { method: 'POST' });
    const again = await d.request(link!, { method: 'POST' });

    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('expires after 15 minutes', async () => {
    await d.askForLink(COACH_EMAIL);
    const [link] = d.signInLinks();
    d.h.clock.set(d.h.clock.now().toISOString(), 15 * 60_000 + 1000);

    const late = await d.request(link!, { method: 'POST' });

    expect(late.status).toBe(403);
    expect(await late.text()).toContain('expired');
  });

  it('refuses a changed link, and a link signed with the secret that the desk never issued', async () => {
    await d.askForLink(COACH_EMAIL);
    const [link] = d.signInLinks();
    const url = new URL(link!);
    url.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600));

    expect((await d.request(url.href, { method: 'POST' })).status).toBe(403);
    const { signLink } = await import('#server/links/signedLinks.ts');
    const forged = signLink({ purpose: 'coach-sign-in', path: '/coach/sign-in/confirm', expiresAt: new Date(d.h.clock.now().getTime() + 600_000) }, { secret: d.deps.settings.ready ? d.deps.settings.value.secret : '', siteUrl: 'https://unstuck.example.com' });
    const refused = await d.request(forged, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('set-cookie')).toBeNull();
  });
});

describe('the session', () => {
  it('opens the desk, and ends everywhere on sign-out', async () => {
    const cookie = await d.signIn();

    expect((await d.request('/coach/spam/', { cookie })).status).toBe(200);
    const out = await d.request('/api/coach/sign-out', { method: 'POST', cookie });

    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await d.request('/coach/spam/', { cookie })).status).toBe(303);
  });

  it('lasts twelve hours', async () => {
    const cookie = await d.signIn();
    d.h.clock.set(d.h.clock.now().toISOString(), 12 * 3600_000 + 1000);
    expect((await d.request('/coach/spam/', { cookie })).headers.get('location')).toBe('/coach/');
  });

  it('is refused when its cookie has been tampered with', async () => {
    const cookie = await d.signIn();
    const [name, value] = cookie.split('=');
    const tampered = `${name}=${value!.slice(0, -2)}xx`;
    expect((await d.request('/coach/spam/', { cookie: tampered })).status).toBe(303);
  });
});

describe('every desk answer', () => {
  const ACTIONS = ['/api/coach/sign-out', '/api/coach/spam/release', '/api/coach/spam/delete', '/api/coach/pending/send'];
  const PAGES = ['/coach/spam/', '/coach/pending/', '/coach/activity/'];

  it('is 401 for an action without a session, and sends a page visitor to the sign-in page', async () => {
    for (const action of ACTIONS) expect((await d.request(action, { method: 'POST', form: { id: 'x' } })).status, action).toBe(401);
    for (const path of PAGES) expect((await d.request(path)).headers.get('location'), path).toBe('/coach/');
    expect(await (await d.request('/coach/')).text()).toContain('Sign in to your desk');
  });

  it('is 403 for an action from another site, even with a session', async () => {
    const cookie = await d.signIn();
    for (const [header, value] of [['Sec-Fetch-Site', 'cross-site'], ['Sec-Fetch-Site', 'same-site'], ['Origin', 'https://evil.example']] as const) {
      const response = await d.request('/api/coach/spam/delete', { method: 'POST', cookie, form: { id: 'x' }, headers: { [header]: value, ...(header === 'Origin' ? { 'Sec-Fetch-Site': '' } : {}) } });
      expect(response.status, `${header}: ${value}`).toBe(403);
    }
  });

  it('is never cached, never indexed, and carries the security headers', async () => {
    const cookie = await d.signIn();
    for (const path of ['/coach/', ...PAGES]) {
      const response = await d.request(path, { cookie });
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expect(response.headers.get('x-robots-tag'), path).toBe('noindex, nofollow');
      expect(response.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(await response.text(), path).toContain('<meta name="robots" content="noindex, nofollow">');
    }
  });
});

describe('on this machine, over plain http', () => {
  const local = useDesk({ siteUrl: 'http://localhost:4321' });
  it('sets the session cookie without Secure, which a browser would drop over http', async () => {
    await local.askForLink(COACH_EMAIL);
    const response = await local.request(local.signInLinks()[0]!, { method: 'POST' });
    expect(response.headers.get('set-cookie')).not.toMatch(/Secure/);
    expect(cookieFrom(response)).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
  });
});
