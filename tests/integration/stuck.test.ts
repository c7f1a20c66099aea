/**
 * "I'm stuck" end to end against the real local blobs server and the fake Resend: the request is
 * stored and reaches the coach at once, replying to the client, with a subject that says what
 * they asked for; a bad one is refused in plain words with nothing stored; the coach finds it in
 * the Stuck queue (and its count on the inbox) until she marks it handled; the morning summary's
 * list of open requests agrees; the export says when it was handled.
 */
import { describe, expect, it } from 'vitest';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { openStuckRequests } from '#server/stuck/stuckRequests.ts';
import { morningSummaryTask } from '#server/scheduler/tasks.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { useDesk } from '../support/desk';
import { formPost, handlersOf, VALID, type Changes } from '../support/forms';
import { listKeys } from '../support/localStore';
import { loopHelpers } from '../support/loop';
import { COACH_EMAIL } from '../support/pipeline';
import { readCsv, unzipAnswer } from '../support/unzip';

const d = useDesk();

async function stuck(changes: Changes = {}, options: Parameters<typeof formPost>[2] = {}) {
  const fields = VALID.stuck(changes);
  const response = await handleSubmission(formPost('stuck', fields, options), handlersOf(d.h.deps).stuck, d.h.deps);
  return { fields, response };
}

describe('an “I’m stuck” request', () => {
  it('is stored and reaches the coach at once, replying to the client, its subject saying what they asked for', async () => {
    const { fields, response } = await stuck({ name: 'Jordan Rivera', howSoon: 'today', reply: 'call' });

    expect(response.status).toBe(201);
    expect(await d.h.record('stuck', fields.id!)).toMatchObject({ data: { what: fields.what, reply: 'call', howSoon: 'today', phone: fields.phone } });
    const { coach, client } = d.h.emailsFor('stuck', fields.id!);
    expect(coach).toHaveLength(1);
    expect(coach[0]!.body).toMatchObject({ to: [COACH_EMAIL], reply_to: fields.email, subject: 'Jordan is stuck: would like a call today' });
    expect(coach[0]!.body.text).toContain(fields.what);
    expect(client[0]!.body).toMatchObject({ to: [fields.email], subject: 'I got your message' });
  });

  it('from a plain form post lands on its thank-you page', async () => {
    const { fields, response } = await stuck({}, { encoding: 'urlencoded', accept: 'text/html' });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/thanks/stuck/?ref=${fields.id}`);
  });

  it('is refused in plain words, field by field, with nothing stored or sent, when something is missing', async () => {
    const before = await listKeys(d.h.blobs);
    const { response } = await stuck({ what: '   ', reply: undefined, howSoon: 'tomorrow-ish' });

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      errors: {
        what: ['Please say a few words about what is going on.'],
        reply: ['Please choose a call or an email.'],
        howSoon: ['Please choose how soon.'],
      },
    });
    expect(await listKeys(d.h.blobs)).toEqual(before);
    expect(d.h.resend.sent).toEqual([]);
  });

  it('without JavaScript, answers a page that names each problem and says what was typed is still there', async () => {
    const { response } = await stuck({ reply: undefined }, { encoding: 'urlencoded', accept: 'text/html' });

    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('<li><strong>Would you like a call or an email?</strong> Please choose a call or an email.</li>');
    expect(page).toContain('Everything you typed is still there.');
  });
});

describe('the coach’s Stuck queue', () => {
  it('lists what is open, most urgent first, counts it on the inbox, and keeps it until marked handled', async () => {
    const cookie = await d.signIn();
    const relaxed = await stuck({ name: 'Ada Lovelace', howSoon: 'no-rush', reply: 'email', phone: undefined });
    d.h.clock.set(d.h.clock.now().toISOString(), 60_000);
    const urgent = await stuck({ name: 'Grace Hopper', howSoon: 'today' });

    const inbox = await (await d.request('/coach/', { cookie })).text();
    expect(inbox).toContain('<a href="/coach/stuck/">2 clients are stuck</a>');
    const queue = await d.request('/coach/stuck/', { cookie });
    const html = await queue.text();
    expect(queue.status).toBe(200);
    expect(html.indexOf('Grace Hopper')).toBeLessThan(html.indexOf('Ada Lovelace'));
    expect(html).toContain(`<a href="/coach/clients/${emailHash(urgent.fields.email!)}/">Grace Hopper</a> would like a call today`);
    expect(html).toContain('+1 312 555 0100');

    const handled = await d.request('/api/coach/stuck/handled', { method: 'POST', cookie, form: { id: urgent.fields.id! } });

    expect(handled.status).toBe(303);
    expect(handled.headers.get('location')).toBe('/coach/stuck/?done=stuck-handled');
    const after = await (await d.request('/coach/stuck/?done=stuck-handled', { cookie })).text();
    expect(after).toContain('Marked handled.');
    expect(after).not.toContain('Grace Hopper');
    expect(after).toContain(relaxed.fields.what);
    expect(await (await d.request('/coach/', { cookie })).text()).toContain('One client is stuck');
    const activity = await (await d.request('/coach/activity/', { cookie })).text();
    expect(activity).toContain('Marked an “I’m stuck” request handled');
    expect(activity).toContain(`stuck/${urgent.fields.id}`);
  });

  it('says nothing on the inbox when nobody is waiting', async () => {
    const cookie = await d.signIn();
    const { fields } = await stuck();
    await d.request('/api/coach/stuck/handled', { method: 'POST', cookie, form: { id: fields.id! } });

    expect(await (await d.request('/coach/', { cookie })).text()).not.toMatch(/clients? (is|are) stuck/);
    expect(await (await d.request('/coach/stuck/', { cookie })).text()).toContain('Nobody is waiting.');
  });

  it('keeps the first time it was marked handled, and marks nothing for a request that is not stored', async () => {
    const cookie = await d.signIn();
    const { fields } = await stuck();
    await d.request('/api/coach/stuck/handled', { method: 'POST', cookie, form: { id: fields.id! } });
    const first = await d.h.deps.store.handledAt('stuck', fields.id!);
    d.h.clock.set(d.h.clock.now().toISOString(), 3600_000);

    await d.request('/api/coach/stuck/handled', { method: 'POST', cookie, form: { id: fields.id! } });
    const unknown = await d.request('/api/coach/stuck/handled', { method: 'POST', cookie, form: { id: '00000000-0000-4000-8000-000000000000' } });

    expect(await d.h.deps.store.handledAt('stuck', fields.id!)).toEqual(first);
    expect(unknown.headers.get('location')).toBe('/coach/stuck/?done=gone');
    expect((await listKeys(d.h.blobs)).filter((k) => k.startsWith('handled/'))).toEqual([`handled/stuck/${fields.id}`]);
  });

  it('is closed to anyone not signed in, and to other sites', async () => {
    const { fields } = await stuck();
    const cookie = await d.signIn();

    expect((await d.request('/coach/stuck/')).status).toBe(303);
    expect((await d.request('/api/coach/stuck/handled', { method: 'POST', form: { id: fields.id! } })).status).toBe(401);
    expect((await d.request('/api/coach/stuck/handled', { method: 'POST', cookie, form: { id: fields.id! }, headers: { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://elsewhere.example' } })).status).toBe(403);
    expect(await d.h.deps.store.handledAt('stuck', fields.id!)).toEqual({ ok: true, value: null });
  });
});

describe('the open requests the morning summary lists', () => {
  it('name who, when, what, call or email, how soon and a link to the client, and leave out the handled', async () => {
    const cookie = await d.signIn();
    const open = await stuck({ name: 'Ada Lovelace', reply: 'email', howSoon: 'this-week', phone: undefined });
    const done = await stuck();
    await d.request('/api/coach/stuck/handled', { method: 'POST', cookie, form: { id: done.fields.id! } });

    const listed = await openStuckRequests({ store: d.h.deps.store, siteUrl: 'https://unstuck.example.com' });

    const hash = emailHash(open.fields.email!);
    expect(listed).toEqual({
      ok: true,
      value: [
        {
          id: open.fields.id,
          at: d.h.clock.now().toISOString(),
          name: 'Ada Lovelace',
          email: open.fields.email,
          clientHash: hash,
          what: open.fields.what,
          reply: 'email',
          howSoon: 'this-week',
          ask: 'would like an email this week',
          clientUrl: `https://unstuck.example.com/coach/clients/${hash}/`,
        },
      ],
    });
  });
});

describe('the morning summary', () => {
  const summaries = () => d.h.resend.sent.filter((e) => e.idempotencyKey?.startsWith('morning-summary/'));

  it('lists each open request, every morning, until it is marked handled', async () => {
    const { fields } = await stuck({ name: 'Jordan Rivera', howSoon: 'today', reply: 'call' });
    const runAt = (iso: string) => loopHelpers(d).runAt(iso, { tasks: [morningSummaryTask] });

    await runAt('2026-12-02T13:00:00.000Z');
    await runAt('2026-12-03T13:00:00.000Z');
    await d.request('/api/coach/stuck/handled', { method: 'POST', cookie: await d.signIn(), form: { id: fields.id! } });
    await runAt('2026-12-04T13:00:00.000Z');

    expect(summaries().map((e) => [e.idempotencyKey, e.body.text.includes('STUCK, WAITING FOR YOU')])).toEqual([
      ['morning-summary/2026-12-02', true],
      ['morning-summary/2026-12-03', true],
    ]);
    const { subject, text, html } = summaries()[0]!.body;
    expect(subject).toContain('1 stuck');
    expect(text).toContain(`- Jordan Rivera would like a call today\n  “${fields.what}”\n  Their number: +1 312 555 0100\n  Asked Wednesday, November 25, 2026 at 6:00 AM (America/Chicago)`);
    expect(text).toContain('mark each handled on the desk: https://unstuck.example.com/coach/stuck/');
    expect(html).toContain(`<a href="https://unstuck.example.com/coach/clients/${emailHash(fields.email!)}/">`);
  });
});

describe('the export', () => {
  it('says when each request was handled', async () => {
    const cookie = await d.signIn();
    const handled = await stuck();
    const open = await stuck();
    d.h.clock.set('2026-11-25T15:30:00.000Z');
    await d.request('/api/coach/stuck/handled', { method: 'POST', cookie, form: { id: handled.fields.id! } });

    const zip = await unzipAnswer(await d.request('/api/coach/export', { cookie }));

    const { rows } = readCsv(zip.get('stuck.csv'));
    expect(rows.find((r) => r['Submission id'] === handled.fields.id)).toMatchObject({ 'Handled (UTC)': '2026-11-25T15:30:00.000Z', 'What is going on?': handled.fields.what });
    expect(rows.find((r) => r['Submission id'] === open.fields.id)).toMatchObject({ 'Handled (UTC)': '' });
  });
});
