/**
 * The stop link of every reminder and check-in, against the real local blobs server and the fake
 * Resend: opening it changes nothing; its button stops; a mail provider's RFC 8058 one-click POST
 * (`List-Unsubscribe=One-Click`, from its own servers, with no cookie and no Origin of ours) stops
 * at once; the coach is told exactly once per stop, and again only after a failed email.
 */
import { describe, expect, it } from 'vitest';
import { handleStopReminders } from '#server/my/stopReminders.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { useDesk } from '../support/desk';
import { listKeys } from '../support/localStore';
import { clientPages } from '../support/myPage';
import { COACH_EMAIL } from '../support/pipeline';

const d = useDesk();
const c = clientPages(d);

const ADA = 'ada@example.org';

const settingsOf = async (email: string) => {
  const read = await d.deps.loop.getClient(emailHash(email));
  if (!read.ok) throw new Error('store unavailable');
  return read.value;
};

const toldCoach = () => d.h.resend.sent.filter((m) => m.idempotencyKey?.startsWith(`stop-reminders/${emailHash(ADA)}/`));

/** What a mail provider sends for a List-Unsubscribe-Post: header (RFC 8058 section 3.1), from its own servers. */
const PROVIDER = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://mail.provider.example' };

const oneClick = (link: string, headers: Record<string, string> = PROVIDER, body: BodyInit = 'List-Unsubscribe=One-Click') =>
  handleStopReminders(new Request(link, { method: 'POST', headers, body }), d.deps);

describe('the stop link', () => {
  it('opens a page with one button and changes nothing', async () => {
    await c.homework({ email: ADA });
    const before = await listKeys(d.h.blobs);

    const opened = await c.stop(c.stopLink(ADA));

    expect(opened.status).toBe(200);
    const html = await opened.text();
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('Stop reminders');
    expect(await listKeys(d.h.blobs)).toEqual(before);
    expect(toldCoach()).toEqual([]);
  });

  it('stops reminders and check-ins when its button is pressed, and tells the coach, replying to the client', async () => {
    await c.homework({ email: ADA, name: 'Ada Lovelace' });

    const pressed = await c.stop(c.stopLink(ADA), { method: 'POST' });

    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toContain('Reminders stopped');
    expect(await settingsOf(ADA)).toMatchObject({ stoppedAt: d.h.clock.now().toISOString(), stopToldAt: d.h.clock.now().toISOString(), linkVersion: 1 });
    expect(toldCoach()).toHaveLength(1);
    expect(toldCoach()[0]!.body).toMatchObject({ to: [COACH_EMAIL], reply_to: ADA, subject: 'Ada Lovelace stopped reminders' });
    expect(toldCoach()[0]!.body.text).toContain(`https://unstuck.example.com/coach/clients/${emailHash(ADA)}/`);
  });

  it('stops at once for a mail provider’s one-click POST from its own servers, without a page to confirm', async () => {
    const link = c.stopLink(ADA);

    const clicked = await oneClick(link);

    expect(clicked.status).toBe(200);
    expect((await settingsOf(ADA)).stoppedAt).toBe(d.h.clock.now().toISOString());
    expect(toldCoach()).toHaveLength(1);
  });

  it('takes the one-click body as multipart too, and from a browser on another site', async () => {
    const form = new FormData();
    form.append('List-Unsubscribe', 'One-Click');

    const clicked = await oneClick(c.stopLink(ADA), { Origin: 'https://webmail.example', 'Sec-Fetch-Site': 'cross-site' }, form);

    expect(clicked.status).toBe(200);
    expect((await settingsOf(ADA)).stoppedAt).toBeDefined();
  });

  it('refuses any other post from another site', async () => {
    const link = c.stopLink(ADA);

    const refused = await oneClick(link, PROVIDER, 'List-Unsubscribe=Yes-Please');
    const noBody = await c.stop(link, { method: 'POST', headers: { Origin: 'https://elsewhere.example', 'Sec-Fetch-Site': 'cross-site' } });

    expect([refused.status, noBody.status]).toEqual([403, 403]);
    expect(await settingsOf(ADA)).toEqual({ linkVersion: 1 });
  });

  it('tells the coach once however often it is pressed, and keeps the first time', async () => {
    const link = c.stopLink(ADA);
    const first = d.h.clock.now().toISOString();
    await c.stop(link, { method: 'POST' });
    d.h.clock.set(first, 3600_000);

    await c.stop(link, { method: 'POST' });
    await oneClick(link);

    expect((await settingsOf(ADA)).stoppedAt).toBe(first);
    expect(toldCoach()).toHaveLength(1);
  });

  it('tries the coach’s email again on the next press when it did not go', async () => {
    const link = c.stopLink(ADA);
    const stoppedAt = d.h.clock.now().toISOString();
    d.h.resend.failNext(1, 'server_error', { idempotencyKey: `stop-reminders/${emailHash(ADA)}/${stoppedAt}` });

    const first = await c.stop(link, { method: 'POST' });

    expect(first.status).toBe(200);
    expect(await settingsOf(ADA)).toEqual({ stoppedAt, linkVersion: 1 });
    expect(toldCoach()).toEqual([]);

    await oneClick(link);

    expect((await settingsOf(ADA)).stopToldAt).toBe(stoppedAt);
    expect(toldCoach()).toHaveLength(1);
  });

  it('folds twenty stop and start presses in a row into one email to the coach that day, the last state on her desk', async () => {
    const link = c.stopLink(ADA);
    const cookie = (await c.my(c.myLink(ADA), { method: 'POST' })).headers.get('set-cookie')!.split(';')[0]!;

    for (let press = 0; press < 20; press++) {
      await c.stop(link, { method: 'POST' });
      d.h.clock.set(d.h.clock.now().toISOString(), 60_000);
      await c.my('/my/reminders', { method: 'POST', cookie, form: { action: 'start' } });
      d.h.clock.set(d.h.clock.now().toISOString(), 60_000);
    }
    await c.stop(link, { method: 'POST' });

    expect(toldCoach()).toHaveLength(1);
    expect(await settingsOf(ADA)).toMatchObject({ stoppedAt: d.h.clock.now().toISOString(), stopToldAt: d.h.clock.now().toISOString() });
  });

  it('tells the coach again for a new stop after reminders were turned back on', async () => {
    const link = c.stopLink(ADA);
    await c.stop(link, { method: 'POST' });
    const cookie = (await c.my(c.myLink(ADA), { method: 'POST' })).headers.get('set-cookie')!.split(';')[0]!;
    await c.my('/my/reminders', { method: 'POST', cookie, form: { action: 'start' } });
    d.h.clock.set(d.h.clock.now().toISOString(), 24 * 3600_000);

    await c.stop(link, { method: 'POST' });

    expect(toldCoach()).toHaveLength(2);
  });

  it('refuses a tampered link and an expired one, changing nothing', async () => {
    const link = new URL(c.stopLink(ADA));
    const tampered = new URL(link);
    tampered.searchParams.set('h', emailHash('grace@example.org'));

    const refusedTampered = await oneClick(tampered.href);
    d.h.clock.set(d.h.clock.now().toISOString(), 366 * 24 * 3600_000);
    const refusedExpired = await oneClick(link.href);

    expect([refusedTampered.status, refusedExpired.status]).toEqual([403, 403]);
    expect(await settingsOf(ADA)).toEqual({ linkVersion: 1 });
    expect(await settingsOf('grace@example.org')).toEqual({ linkVersion: 1 });
  });
});

describe('the coach’s page for the client', () => {
  it('says when they stopped, and offers to revoke their page links', async () => {
    await c.homework({ email: ADA, name: 'Ada Lovelace' });
    const cookie = await d.signIn();
    const before = await (await d.request(`/coach/clients/${emailHash(ADA)}/`, { cookie })).text();

    await c.stop(c.stopLink(ADA), { method: 'POST' });

    const after = await (await d.request(`/coach/clients/${emailHash(ADA)}/`, { cookie })).text();
    expect(before).not.toContain('stopped by the client');
    expect(after).toContain('Reminders and check-ins: <strong>stopped by the client</strong> on Wednesday, November 25, 2026 at 6:00 AM (America/Chicago)');
    expect(after).toContain('<form method="post" action="/api/coach/clients/revoke-links"');
  });
});
