/**
 * The homework loop on the coach's desk: each commitment's reminders and check-ins on the
 * client's page as they happen, the Overdue and To text queues, and "Done, I texted". Loop
 * states and markers are written straight through the loop store, as the scheduler and the
 * check-in pages write them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#server/desk/deskStore.ts';
import { CLIENT_PAGE_SLOTS } from '#server/desk/clientPageSlots.ts';
import { html } from '#server/web/html.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { overdueKey, textKey, type LoopState, type StepSend } from '#server/loop/loopStore.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { useDesk } from '../support/desk';
import { formPost, handlersOf, VALID, type Changes } from '../support/forms';

const d = useDesk();

/** A commitment due 2026-12-01 09:00 in Chicago (15:00 UTC), stored through the real pipeline. */
async function commit(changes: Changes = {}) {
  const fields = VALID.commitment(changes);
  expect((await handleSubmission(formPost('commitment', fields), handlersOf(d.h.deps).commitment, d.h.deps)).status).toBe(201);
  return { id: fields.id!, email: fields.email!, hash: emailHash(fields.email!), fields };
}

const loopFor = (id: string, hash: string, changes: Partial<LoopState> = {}): LoopState => ({
  version: 1,
  commitmentId: id,
  clientHash: hash,
  deadline: '2026-12-01T15:00:00.000Z',
  timeZone: 'America/Chicago',
  channel: 'email',
  startedAt: '2026-11-25T12:00:00.000Z',
  checkInLid: 'lid-0123456789abcdef',
  plan: { reminder: '2026-11-30T14:00:00.000Z', 'check-in': '2026-12-01T15:00:00.000Z', 'follow-up': '2026-12-03T15:00:00.000Z' },
  sends: {},
  ...changes,
});

const send = (state: StepSend['state'], at: string, more: Partial<StepSend> = {}): StepSend => ({ state, at, idempotencyKey: 'loop/x/step', attempts: 1, ...more });

async function startLoop(id: string, hash: string, changes: Partial<LoopState> = {}) {
  expect(await d.deps.loop.start(loopFor(id, hash, changes))).toEqual({ ok: true, value: 'created' });
}

async function change(id: string, changes: Partial<LoopState>) {
  const updated = await d.deps.loop.update(id, (state) => ({ ...state, ...changes, sends: { ...state.sends, ...changes.sends } }));
  expect(updated.ok && updated.value).toBeTruthy();
}

async function page(path: string, cookie: string) {
  const response = await d.request(path, { cookie });
  expect(response.status, path).toBe(200);
  return response.text();
}

/** The part of the client's page that is this commitment's loop. */
async function loopOf(hash: string, id: string, cookie: string) {
  return loopIn(await page(`/coach/clients/${hash}/`, cookie), id);
}

function loopIn(text: string, id: string) {
  const start = text.indexOf(`<section class="loop" aria-labelledby="loop-${id}">`);
  return start < 0 ? '' : text.slice(start, text.indexOf('</section>', start));
}

/** Moves the clock, and signs in again: a session lasts 12 hours. */
async function signInAt(iso: string) {
  d.h.clock.set(iso);
  return d.signIn();
}

const auditEntries = async () => {
  const { blobs } = await d.deps.deskBlobs.list({ prefix: 'audit/' });
  return Promise.all(blobs.map(async ({ key }) => (await d.deps.deskBlobs.get(key, { type: 'json' })) as AuditEntry));
};

describe('a commitment’s loop on the client’s page', () => {
  it('shows the plan first, then each send as it happens, then the answer with its note and files', async () => {
    const cookie = await d.signIn();
    const { id, hash } = await commit();
    await startLoop(id, hash);

    const planned = await loopOf(hash, id, cookie);
    await change(id, { sends: { reminder: send('sent', '2026-11-30T14:02:00.000Z') } });
    const later = await signInAt('2026-12-01T15:05:00.000Z');
    const reminded = await loopOf(hash, id, later);
    await change(id, {
      sends: { 'check-in': send('sent', '2026-12-01T15:01:00.000Z') },
      answer: { answer: 'partly', at: '2026-12-02T16:30:00.000Z', by: 'client', note: 'Sent one of the two.', files: ['draft.pdf', 'reply.png'] },
    });
    await change(id, { sends: { 'follow-up': send('skipped', '2026-12-03T15:01:00.000Z', { why: 'answered' }) } });
    const answered = await loopOf(hash, id, later);

    expect(planned).toContain('<h4 id="loop-' + id + '">Reminders and check-ins</h4>');
    expect(planned).toContain('By email.');
    expect(planned).toContain('<strong>Reminder</strong>: planned for <time datetime="2026-11-30T14:00:00.000Z">Monday, November 30, 2026 at 8:00 AM (America/Chicago)</time>; not due yet.');
    expect(planned).toContain('<strong>Follow-up</strong>: planned for <time datetime="2026-12-03T15:00:00.000Z">Thursday, December 3, 2026 at 9:00 AM (America/Chicago)</time>; not due yet.');
    expect(planned).toContain('No answer yet.');
    expect(reminded).toContain('<strong>Reminder</strong>: planned for <time datetime="2026-11-30T14:00:00.000Z">Monday, November 30, 2026 at 8:00 AM (America/Chicago)</time>; sent <time datetime="2026-11-30T14:02:00.000Z">Monday, November 30, 2026 at 8:02 AM (America/Chicago)</time>.');
    expect(reminded).toContain('<strong>Check-in</strong>: planned for <time datetime="2026-12-01T15:00:00.000Z">Tuesday, December 1, 2026 at 9:00 AM (America/Chicago)</time>; due; the next run of the scheduler sends it.');
    expect(answered).toContain('<strong>Partly</strong>, from the client <time datetime="2026-12-02T16:30:00.000Z">Wednesday, December 2, 2026 at 10:30 AM (America/Chicago)</time>.');
    expect(answered).toContain('<dt>Their note</dt><dd>Sent one of the two.</dd><dt>Files</dt><dd>draft.pdf, reply.png</dd>');
    expect(answered).toContain('<strong>Follow-up</strong>: planned for <time datetime="2026-12-03T15:00:00.000Z">Thursday, December 3, 2026 at 9:00 AM (America/Chicago)</time>; not emailed <time datetime="2026-12-03T15:01:00.000Z">Thursday, December 3, 2026 at 9:01 AM (America/Chicago)</time>: they had answered already.');
    expect(answered).not.toContain('No answer yet.');
  });

  it('says in plain words why a step was not sent, when one is still being sent, and when one failed for good', async () => {
    const cookie = await d.signIn();
    const { id, hash } = await commit();
    await startLoop(id, hash, {
      plan: { 'check-in': '2026-12-01T15:00:00.000Z', 'follow-up': '2026-12-03T15:00:00.000Z' },
      sends: {
        'check-in': send('failed', '2026-12-01T15:01:00.000Z', { why: 'validation_error' }),
        'follow-up': send('sending', '2026-12-03T15:01:00.000Z', { attempts: 2, why: 'rate_limit_exceeded' }),
      },
    });
    const other = await commit();
    await startLoop(other.id, other.hash, {
      sends: {
        reminder: send('skipped', '2026-11-30T14:01:00.000Z', { why: 'stale: found long after it was due (missed runs)' }),
        'check-in': send('skipped', '2026-12-01T15:01:00.000Z', { why: 'stopped: the client turned reminders off' }),
        'follow-up': send('skipped', '2026-12-03T15:01:00.000Z', { why: 'something-new' }),
      },
    });

    const failing = await loopOf(hash, id, cookie);
    const skipping = await loopOf(other.hash, other.id, cookie);

    expect(failing).toContain('<strong>Reminder</strong>: not planned; the deadline was too close for one.');
    expect(failing).toContain('failed for good <time datetime="2026-12-01T15:01:00.000Z">Tuesday, December 1, 2026 at 9:01 AM (America/Chicago)</time>: the email provider refused it (<code>validation_error</code>).');
    expect(failing).toContain('being sent since <time datetime="2026-12-03T15:01:00.000Z">Thursday, December 3, 2026 at 9:01 AM (America/Chicago)</time> (attempt 2, last error <code>rate_limit_exceeded</code>)');
    expect(skipping).toContain('too late: the scheduler missed its moment (a deploy or an outage) and it would have arrived after it made sense.');
    expect(skipping).toContain('they had stopped reminders.');
    expect(skipping).toContain('(America/Chicago)</time>: something-new.');
  });

  it('marks it overdue, closed by a new date, and following an earlier one, linking between the two', async () => {
    const email = 'grace@example.org';
    const first = await commit({ email });
    const cookie = await signInAt('2026-11-26T12:00:00.000Z');
    const second = await commit({ email, when: '2026-12-08T09:00' });
    await startLoop(first.id, first.hash, { closedBy: second.id, answer: { answer: 'not-yet', at: '2026-11-26T11:00:00.000Z', by: 'coach' } });
    await startLoop(second.id, second.hash, { follows: first.id, deadline: '2026-12-08T15:00:00.000Z' });
    await d.deps.loop.mark(overdueKey(second.id));

    const closed = await loopOf(first.hash, first.id, cookie);
    const following = await loopOf(second.hash, second.id, cookie);

    expect(closed).toContain(`Closed: replaced by a new date (<a href="#commitment-${second.id}">the commitment that replaced it</a>). Nothing more is sent about it.`);
    expect(closed).toContain('<strong>Not yet</strong>, recorded by you');
    expect(closed).not.toContain('Overdue');
    expect(following).toContain(`Follows <a href="#commitment-${first.id}">an earlier commitment</a>: a new date or a smaller step.`);
    expect(following).toContain('<p class="flag">Overdue: no answer after the follow-up.</p>');
  });

  it('shows a text step on the To text list until the coach has texted, then when she did', async () => {
    const cookie = await d.signIn();
    const { id, hash } = await commit();
    await startLoop(id, hash, { channel: 'text', sends: { reminder: send('skipped', '2026-11-30T14:01:00.000Z', { why: 'text: noted for the coach' }) } });
    await d.deps.loop.mark(textKey(id, 'reminder'));

    const waiting = await loopOf(hash, id, cookie);
    const later = await signInAt('2026-11-30T15:20:00.000Z');
    await d.request('/api/coach/texts/done', { method: 'POST', cookie: later, form: { id, step: 'reminder' } });
    const done = await loopOf(hash, id, later);

    expect(waiting).toContain('They prefer texts: the steps below are yours to send from your phone.');
    expect(waiting).toContain('they prefer texts, so it is yours to send from your phone. It is on your <a href="/coach/texts/">To text</a> list.');
    expect(done).toContain('You texted them <time datetime="2026-11-30T15:20:00.000Z">Monday, November 30, 2026 at 9:20 AM (America/Chicago)</time>.');
    expect(done).not.toContain('To text</a> list');
  });

  it('escapes the client’s words in the note and file names', async () => {
    const cookie = await d.signIn();
    const { id, hash } = await commit();
    await startLoop(id, hash, { answer: { answer: 'done', at: '2026-11-26T10:00:00.000Z', by: 'client', note: 'Done! <script>alert(1)</script>', files: ['<img src=x onerror=alert(1)>.png'] } });

    const loop = await loopOf(hash, id, cookie);

    expect(loop).toContain('Done! &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(loop).toContain('&lt;img src=x onerror=alert(1)&gt;.png');
    expect(loop).not.toContain('<script>');
    expect(loop).not.toContain('<img');
  });

  it('shows nothing of a loop for a commitment made before the loop shipped, next to one with a loop', async () => {
    const cookie = await d.signIn();
    const old = await commit({ what: 'From before the loop' });
    const current = await commit({ email: old.email, what: 'With a loop' });
    await startLoop(current.id, current.hash);

    const html = await page(`/coach/clients/${old.hash}/`, cookie);
    const oldArticle = html.slice(html.indexOf(`id="commitment-${old.id}"`), html.indexOf('</article>', html.indexOf(`id="commitment-${old.id}"`)));

    expect(oldArticle).toContain('From before the loop');
    expect(oldArticle).toContain('<strong>Due in 6 days</strong>');
    expect(oldArticle).not.toContain('Reminders and check-ins');
    expect(html.match(/<section class="loop"/g)).toEqual(['<section class="loop"']);
    expect(loopIn(html, current.id)).toContain('No answer yet.');
    // The client's settings: only the revoke button (routes/clientLinks.ts), since they have not stopped reminders.
    expect(html).not.toContain('stopped by the client');
  });
});

describe('the slots other parts of the desk plug into', () => {
  const original = { ...CLIENT_PAGE_SLOTS };
  afterEach(() => void Object.assign(CLIENT_PAGE_SLOTS, original));

  it('puts a commitment’s actions inside its loop and the client’s settings near the top, each with what it needs', async () => {
    const cookie = await d.signIn();
    const { id, hash } = await commit();
    const old = await commit({ email: (await d.h.record('commitment', id))!.data.email as string });
    await startLoop(id, hash);
    await d.deps.loop.updateClient(hash, () => ({ linkVersion: 3, stoppedAt: '2026-11-24T10:00:00.000Z' }));
    const seen: unknown[] = [];
    CLIENT_PAGE_SLOTS.commitmentActions = (input) => (seen.push(input), html`<p>Record an answer for ${input.commitmentId}</p>`);
    CLIENT_PAGE_SLOTS.remindersStopped = (input) => html`<p>Stopped on ${input.settings.stoppedAt}</p>`;
    CLIENT_PAGE_SLOTS.revokeLinks = (input) => html`<p>Links at version ${input.settings.linkVersion}</p>`;

    const text = await page(`/coach/clients/${hash}/`, cookie);

    expect(loopIn(text, id)).toContain(`<p>Record an answer for ${id}</p>`);
    expect(text).not.toContain(`Record an answer for ${old.id}`);
    expect(seen).toEqual([expect.objectContaining({ client: hash, commitmentId: id, loop: expect.objectContaining({ commitmentId: id }), timeZone: 'America/Chicago' })]);
    expect(text).toContain('<h2 id="loop-settings-heading">Reminders and their page</h2><p>Stopped on 2026-11-24T10:00:00.000Z</p><p>Links at version 3</p>');
    expect(text.indexOf('Reminders and their page')).toBeLessThan(text.indexOf('Private note'));
  });
});

describe('the Overdue queue', () => {
  it('is counted on the home page and lists each overdue commitment with the client, what, the deadline and a link', async () => {
    const cookie = await d.signIn();
    const { id, hash } = await commit({ name: 'Ada <b>Lovelace</b>', what: 'Write to <i>three</i> people', when: '2026-11-26T18:00', timeZone: 'Europe/London' });
    const fine = await commit({ what: 'Something on time' });
    await startLoop(id, hash, { deadline: '2026-11-26T18:00:00.000Z', timeZone: 'Europe/London' });
    await startLoop(fine.id, fine.hash);
    await d.deps.loop.mark(overdueKey(id));

    const home = await page('/coach/', cookie);
    const overdue = await page('/coach/overdue/', cookie);

    expect(home).toContain('<li><a href="/coach/overdue/">Overdue</a>: 1</li>');
    expect(home).toContain('<li><a href="/coach/texts/">To text</a>: none</li>');
    expect(overdue).toContain(`<h2><a href="/coach/clients/${hash}/#commitment-${id}">Ada &lt;b&gt;Lovelace&lt;/b&gt;</a></h2>`);
    expect(overdue).toContain('<p>Write to &lt;i&gt;three&lt;/i&gt; people</p>');
    expect(overdue).toContain('Was due Thursday, November 26, 2026 at 12:00 PM (America/Chicago), which is Thursday, November 26, 2026 at 6:00 PM (Europe/London) for the client');
    expect(overdue).not.toContain('Something on time');
  });

  it('says so when nothing is overdue, and is for the signed-in coach only', async () => {
    const cookie = await d.signIn();

    expect(await page('/coach/overdue/', cookie)).toContain('Nothing is overdue.');
    expect((await d.request('/coach/overdue/')).headers.get('location')).toBe('/coach/');
    expect((await d.request('/coach/texts/')).headers.get('location')).toBe('/coach/');
  });
});

describe('the To text queue', () => {
  it('says whom to text at which number about what, the number from their latest intake, every word escaped', async () => {
    const cookie = await d.signIn();
    const email = `text-${crypto.randomUUID().slice(0, 8)}@example.org`;
    const intake = (phone: string) => handleSubmission(formPost('intake', VALID.intake({ email, phone, accountability: 'text' })), handlersOf(d.h.deps).intake, d.h.deps);
    await intake('+44 7700 900000');
    d.h.clock.set('2026-11-25T13:00:00.000Z');
    await intake('+44 (7700) 900123');
    const { id, hash } = await commit({ email, name: 'Grace <Hopper>', what: 'Call <the> recruiter' });
    await startLoop(id, hash, { channel: 'text', sends: { 'check-in': send('skipped', '2026-12-01T15:01:00.000Z', { why: 'text' }) } });
    await d.deps.loop.mark(textKey(id, 'check-in'));

    const home = await page('/coach/', cookie);
    const texts = await page('/coach/texts/', cookie);

    expect(home).toContain('<li><a href="/coach/texts/">To text</a>: 1</li>');
    expect(texts).toContain(
      `<h2 id="text-${id}-check-in">Text <a href="/coach/clients/${hash}/#commitment-${id}">Grace &lt;Hopper&gt;</a> at <a href="tel:+447700900123">+44 (7700) 900123</a> about “Call &lt;the&gt; recruiter”</h2>`,
    );
    expect(texts).toContain('It stands in for the check-in: ask how it went (Done, Partly or Not yet).');
    expect(texts).toContain('It fell due Tuesday, December 1, 2026 at 9:00 AM (America/Chicago).');
    expect(texts).toContain(`<input type="hidden" name="id" value="${id}"><input type="hidden" name="step" value="check-in"><button type="submit" aria-describedby="text-${id}-check-in">Done, I texted</button>`);
    expect(texts).not.toContain('900000');
  });

  it('takes a step off the list on “Done, I texted”, records it in the activity, and says so plainly when it is already gone', async () => {
    const cookie = await d.signIn();
    const { id, hash } = await commit();
    await startLoop(id, hash, { channel: 'text', sends: { reminder: send('skipped', '2026-11-30T14:01:00.000Z', { why: 'text' }) } });
    await d.deps.loop.mark(textKey(id, 'reminder'));

    const first = await d.request('/api/coach/texts/done', { method: 'POST', cookie, form: { id, step: 'reminder' } });
    const again = await d.request('/api/coach/texts/done', { method: 'POST', cookie, form: { id, step: 'reminder' } });
    const nonsense = await d.request('/api/coach/texts/done', { method: 'POST', cookie, form: { id: '../overdue', step: 'reminder' } });

    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/coach/texts/?done=texted');
    expect(again.headers.get('location')).toBe('/coach/texts/?done=gone');
    expect(nonsense.headers.get('location')).toBe('/coach/texts/?done=gone');
    expect(await d.deps.loop.listMarks('texts/')).toEqual({ ok: true, value: [] });
    const state = await d.deps.loop.get(id);
    expect(state.ok && state.value?.state.sends.reminder).toMatchObject({ state: 'skipped', why: 'text', textedAt: d.h.clock.now().toISOString() });
    expect(await page('/coach/texts/?done=texted', cookie)).toContain('Marked as texted: it is off your list.');
    expect((await auditEntries()).filter((e) => e.action === 'texted')).toEqual([expect.objectContaining({ client: hash, subject: `commitment/${id}` })]);
    expect(await page('/coach/activity/', cookie)).toContain('Texted a client (homework)');
  });

  it('refuses “Done, I texted” without a session or from another site, and changes nothing', async () => {
    const cookie = await d.signIn();
    const { id, hash } = await commit();
    await startLoop(id, hash, { channel: 'text', sends: { reminder: send('skipped', '2026-11-30T14:01:00.000Z', { why: 'text' }) } });
    await d.deps.loop.mark(textKey(id, 'reminder'));

    const signedOut = await d.request('/api/coach/texts/done', { method: 'POST', form: { id, step: 'reminder' } });
    const crossSite = await d.request('/api/coach/texts/done', { method: 'POST', cookie, form: { id, step: 'reminder' }, headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' } });

    expect(signedOut.status).toBe(401);
    expect(crossSite.status).toBe(403);
    expect(await d.deps.loop.listMarks('texts/')).toEqual({ ok: true, value: [textKey(id, 'reminder')] });
    expect((await auditEntries()).filter((e) => e.action === 'texted')).toEqual([]);
  });
});
