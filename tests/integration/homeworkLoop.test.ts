/**
 * The homework loop from a commitment to overdue, on a fixed clock, against the real local blob
 * store and the fake Resend, through the one scheduled run: the reminder at its moment and not
 * before, the check-in quoting the client's words with three answers, the follow-up two days
 * later, then overdue for the coach; and everything that stops it or makes it catch up.
 */
import { describe, expect, it } from 'vitest';
import { formHandlers } from '#server/app/formHandlers.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { CHECK_IN, MY_PAGE, STOP_REMINDERS } from '#server/loop/loopLinks.ts';
import { dueKey, overdueKey, textKey, type LoopStore } from '#server/loop/loopStore.ts';
import { recordAnswer } from '#server/loop/recordAnswer.ts';
import { NOTED_FOR_TEXT } from '#server/loop/runLoop.ts';
import { retryPending } from '#server/submissions/retryPending.ts';
import { fail } from '#server/result.ts';
import { homeworkLoopTask } from '#server/scheduler/tasks.ts';
import { verifyLink } from '#server/links/signedLinks.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { SECRET, useDesk } from '../support/desk';
import { formPost, VALID } from '../support/forms';
import { AFTER_LOOP_SINCE, loopHelpers, MOMENTS } from '../support/loop';
import { SITE_URL } from '../support/pipeline';

const d = useDesk({ harness: { now: AFTER_LOOP_SINCE } });
const loop = loopHelpers(d);

const links = (text: string) => [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0].replace(/[).,]+$/, ''));
const verify = (url: string, purpose: string) => verifyLink(url, { secret: SECRET, siteUrl: SITE_URL, purpose, now: d.h.clock.now() });

describe('the homework loop, start to finish', () => {
  it('starts when the commitment is stored, with a plan on the client’s clock and a due key for each step', async () => {
    const { id } = await loop.commit();

    const state = await loop.state(id);

    expect(state).toMatchObject({ commitmentId: id, channel: 'email', deadline: MOMENTS.checkIn, timeZone: 'America/Chicago' });
    expect(state!.plan).toEqual({ reminder: MOMENTS.reminder, 'check-in': MOMENTS.checkIn, 'follow-up': MOMENTS.followUp });
    expect(await loop.keys('due/')).toEqual([dueKey(MOMENTS.reminder, id, 'reminder'), dueKey(MOMENTS.checkIn, id, 'check-in'), dueKey(MOMENTS.followUp, id, 'follow-up')].sort());
    expect(await d.h.deps.store.listPending()).toEqual({ ok: true, value: [] });
  });

  it('reminds at the right moment and not before, checks in at the deadline in their words, follows up two days later, then marks it overdue', async () => {
    const { id, email } = await loop.commit();

    await loop.runAt(MOMENTS.beforeReminder);
    const beforeReminder = loop.loopEmails(id).length;
    const atReminder = await loop.runAt(MOMENTS.reminder);
    await loop.runAt('2026-12-03T15:15:00.000Z');
    await loop.runAt('2026-12-04T23:45:00.000Z');
    const beforeCheckIn = loop.loopEmails(id).length;
    await loop.runAt(MOMENTS.checkIn);
    await loop.runAt('2026-12-06T23:45:00.000Z');
    const beforeFollowUp = loop.loopEmails(id).length;
    await loop.runAt(MOMENTS.followUp);
    await loop.runAt('2026-12-08T12:00:00.000Z');

    expect(beforeReminder).toBe(0);
    expect(atReminder.tasks['homework-loop']).toMatchObject({ ran: true, sent: 1, failed: false });
    expect(beforeCheckIn).toBe(1);
    expect(beforeFollowUp).toBe(2);
    const emails = loop.loopEmails(id);
    expect(emails.map((e) => e.idempotencyKey)).toEqual([`loop/${id}/reminder`, `loop/${id}/check-in`, `loop/${id}/follow-up`]);
    expect(emails.every((e) => e.body.to[0] === email)).toBe(true);
    expect(emails.map((e) => e.body.subject)).toEqual([
      'A reminder: your homework is due Fri, Dec 4',
      'How did it go? Your homework, due Fri, Dec 4',
      'Checking in again: your homework, due Fri, Dec 4',
    ]);
    const state = await loop.state(id);
    expect(Object.values(state!.sends).map((s) => s.state)).toEqual(['sent', 'sent', 'sent']);
    expect(await loop.keys('due/')).toEqual([]);
    expect(await loop.keys('overdue/')).toEqual([overdueKey(id)]);
  });

  it('checks in quoting their own words, with the deadline in words on their clock and three one-choice answer links', async () => {
    const { id } = await loop.commit({ what: 'Send two informational-interview requests', howWillIKnow: 'I will forward you the sent emails.' });

    await loop.runAt(MOMENTS.checkIn);

    const [checkIn] = loop.loopEmails(id, 'check-in');
    const { text, html, headers } = checkIn!.body;
    expect(text).toMatch(/^Hi Ada,/);
    expect(text).toContain('You said you would “Send two informational-interview requests”, by Friday, December 4 at 6:00 PM (America/Chicago time); you said I would know because “I will forward you the sent emails”.');
    const answers = links(text).filter((url) => new URL(url).pathname === CHECK_IN.path).map((url) => verify(url, CHECK_IN.purpose));
    expect(answers.map((check) => check.ok && check.link.params)).toEqual([
      { c: id, a: 'done' },
      { c: id, a: 'partly' },
      { c: id, a: 'not-yet' },
    ]);
    expect(new Set(answers.map((check) => check.ok && check.link.lid))).toEqual(new Set([(await loop.state(id))!.checkInLid]));
    for (const words of ['Done', 'Partly', 'Not yet']) expect(html).toContain(`>${words}</a>`);
    const myPage = links(text).find((url) => new URL(url).pathname === MY_PAGE.path)!;
    expect(verify(myPage, MY_PAGE.purpose)).toMatchObject({ ok: true, link: { params: { h: emailHash(checkIn!.body.to[0]!), v: '1' } } });
    expect(links(text)).toContain(`${SITE_URL}/stuck/`);
    const stop = links(text).find((url) => new URL(url).pathname === STOP_REMINDERS.path)!;
    expect(verify(stop, STOP_REMINDERS.purpose)).toMatchObject({ ok: true });
    expect(headers).toEqual({ 'List-Unsubscribe': `<${stop}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  it('greets a client as their intake asked them to be called', async () => {
    await loop.intake({ email: 'ada.l@example.org', preferredName: 'Addie' });
    const { id } = await loop.commit({ email: 'ada.l@example.org' });

    await loop.runAt(MOMENTS.reminder);

    expect(loop.loopEmails(id, 'reminder')[0]!.body.text).toMatch(/^Hi Addie,/);
  });
});

describe('what stops the loop', () => {
  it('sends nothing more once the client has answered, even before the deadline, and never marks it overdue', async () => {
    const { id } = await loop.commit();
    await loop.runAt(MOMENTS.reminder);
    // Answered early, as the check-in endpoint records it.
    await recordAnswer(id, { answer: 'done', at: '2026-12-03T20:00:00.000Z', by: 'client', note: 'Both sent!' }, d.deps);

    await loop.runAt(MOMENTS.checkIn);
    await loop.runAt(MOMENTS.followUp);

    expect(loop.loopEmails(id).map((e) => e.idempotencyKey)).toEqual([`loop/${id}/reminder`]);
    const state = await loop.state(id);
    expect(state!.sends).toMatchObject({ 'check-in': { state: 'skipped', why: 'answered' }, 'follow-up': { state: 'skipped', why: 'answered' } });
    expect(await loop.keys('overdue/')).toEqual([]);
    expect(await loop.keys('due/')).toEqual([]);
  });

  it('sends nothing to a client who stopped reminders, and still shows the coach it is overdue', async () => {
    const { id, email } = await loop.commit();
    await d.deps.loop.updateClient(emailHash(email), (s) => ({ ...s, stoppedAt: '2026-12-02T10:00:00.000Z' }));

    for (const at of [MOMENTS.reminder, MOMENTS.checkIn, MOMENTS.followUp]) await loop.runAt(at);

    expect(loop.loopEmails(id)).toEqual([]);
    expect((await loop.state(id))!.sends.reminder).toMatchObject({ state: 'skipped', why: expect.stringMatching(/^stopped/) });
    expect(await loop.keys('overdue/')).toEqual([overdueKey(id)]);
  });

  it('sends nothing more about homework a new date replaced, and runs the new date’s loop instead', async () => {
    const { id, email } = await loop.commit();
    await loop.runAt(MOMENTS.reminder);
    // "Not yet": the client sets a new date from the page the answer opens, following the first.
    d.h.clock.set('2026-12-03T18:00:00.000Z');
    const later = await loop.commit({ email, follows: id, when: '2026-12-08T18:00' });

    for (const at of [MOMENTS.checkIn, MOMENTS.followUp, '2026-12-07T15:00:00.000Z', '2026-12-09T00:00:00.000Z']) await loop.runAt(at);

    expect((await loop.state(id))!.closedBy).toBe(later.id);
    expect((await loop.state(later.id))!.follows).toBe(id);
    expect(loop.loopEmails(id).map((e) => e.idempotencyKey)).toEqual([`loop/${id}/reminder`]);
    expect((await loop.state(id))!.sends['check-in']).toMatchObject({ state: 'skipped', why: expect.stringMatching(/^closed/) });
    expect(loop.loopEmails(later.id).map((e) => e.idempotencyKey)).toEqual([`loop/${later.id}/reminder`, `loop/${later.id}/check-in`]);
    expect(await loop.keys('overdue/')).toEqual([]);
  });
});

describe('missed runs', () => {
  it('catch up without a stale reminder: found after the deadline it is skipped, and the check-in still goes once', async () => {
    const { id } = await loop.commit();

    // Nothing ran from Tuesday until half an hour after the deadline.
    await loop.runAt('2026-12-05T00:30:00.000Z');
    await loop.runAt('2026-12-05T00:45:00.000Z');

    expect(loop.loopEmails(id).map((e) => e.idempotencyKey)).toEqual([`loop/${id}/check-in`]);
    expect((await loop.state(id))!.sends.reminder).toMatchObject({ state: 'skipped', why: 'stale: found after its deadline' });
  });

  it('skip a reminder found hours after its moment, before the deadline', async () => {
    const { id } = await loop.commit();

    await loop.runAt('2026-12-03T19:00:00.000Z');

    expect(loop.loopEmails(id)).toEqual([]);
    expect((await loop.state(id))!.sends.reminder).toMatchObject({ state: 'skipped', why: expect.stringMatching(/^stale: found long after/) });
  });

  it('wait for the client’s morning to check in, and send the follow-up two days after the check-in went, not with it', async () => {
    const { id } = await loop.commit();

    // The first run since Tuesday: Monday 7 December, 22:00 in Chicago, after both the check-in and the follow-up were due.
    const night = await loop.runAt('2026-12-08T04:00:00.000Z');
    // 08:00 in Chicago.
    await loop.runAt('2026-12-08T14:00:00.000Z');
    await loop.runAt('2026-12-08T14:15:00.000Z');
    const beforeFollowUp = loop.loopEmails(id).map((e) => e.idempotencyKey);
    await loop.runAt('2026-12-10T14:00:00.000Z');

    expect(night.tasks['homework-loop']).toMatchObject({ sent: 0, skipped: 1, waiting: 2 });
    expect(beforeFollowUp).toEqual([`loop/${id}/check-in`]);
    expect((await loop.state(id))!.plan['follow-up']).toBe('2026-12-10T14:00:00.000Z');
    expect(loop.loopEmails(id).map((e) => e.idempotencyKey)).toEqual([`loop/${id}/check-in`, `loop/${id}/follow-up`]);
    expect(await loop.keys('due/')).toEqual([]);
  });
});

describe('commitments made before the loop shipped', () => {
  it('get no loop and no surprise check-in, and are settled as before', async () => {
    d.h.clock.set('2026-11-25T12:00:00.000Z');
    const { id } = await loop.commit();

    for (const at of [MOMENTS.reminder, MOMENTS.checkIn, MOMENTS.followUp]) await loop.runAt(at);

    expect(await loop.state(id)).toBeUndefined();
    expect(await loop.keys('due/')).toEqual([]);
    expect(loop.loopEmails(id)).toEqual([]);
    expect(await d.h.deps.store.listPending()).toEqual({ ok: true, value: [] });
  });
});

describe('a client who prefers texts', () => {
  it('gets no email: each step waits in texts/ for the coach, who is told in her morning summary until she marks it texted', async () => {
    const email = 'text.me@example.org';
    await loop.intake({ email, accountability: 'text', phone: '+1 312 555 0100' });
    const { id } = await loop.commit({ email });

    const reminder = await loop.runAt(MOMENTS.reminder);
    const noted = await loop.keys('texts/');
    // 07:00 in Chicago the next morning.
    await loop.runAt('2026-12-04T13:00:00.000Z');

    expect((await loop.state(id))!.channel).toBe('text');
    expect(reminder.tasks['homework-loop']).toMatchObject({ texts: 1, sent: 0 });
    expect(loop.loopEmails(id)).toEqual([]);
    expect((await loop.state(id))!.sends.reminder).toMatchObject({ state: 'skipped', why: NOTED_FOR_TEXT });
    expect(noted).toEqual([textKey(id, 'reminder')]);
    const summary = d.h.resend.sent.find((e) => e.idempotencyKey === 'morning-summary/2026-12-04')!;
    expect(summary.body.text).toContain('- Text Ada Lovelace at +1 312 555 0100 about “Send two informational-interview requests”');
    expect(summary.body.text).toContain('A reminder: it is due Friday, December 4, 2026 at 6:00 PM, your time and theirs (America/Chicago)');
    // It stays on the desk's To text list until she presses "Done, I texted" there.
    expect(await loop.keys('texts/')).toEqual([textKey(id, 'reminder')]);
  });
});

describe('starting the loop', () => {
  it('keeps the commitment’s marker when the loop could not be started, and the retry job starts it later', async () => {
    const down: LoopStore = { ...d.deps.loop, start: async () => fail({ name: 'StoreTimeout' }), get: async () => fail({ name: 'StoreTimeout' }) };
    const fields = VALID.commitment({ when: '2026-12-04T18:00', timeZone: 'America/Chicago' });
    const loopDown = { ...d.h.deps, loop: down };
    await handleSubmission(formPost('commitment', fields), formHandlers(loopDown).commitment, loopDown);
    const pendingAfterFailure = await d.h.deps.store.listPending();

    d.h.clock.set(AFTER_LOOP_SINCE, 15 * 60_000);
    await retryPending(d.h.deps);

    expect(pendingAfterFailure).toEqual({ ok: true, value: [{ kind: 'commitment', id: fields.id }] });
    expect((await loop.state(fields.id!))?.plan.reminder).toBe(MOMENTS.reminder);
    expect(await d.h.deps.store.listPending()).toEqual({ ok: true, value: [] });
  });

  it('is idempotent: a second start changes nothing', async () => {
    const { id } = await loop.commit();
    const first = await loop.state(id);
    const record = (await d.h.record('commitment', id))!;

    const { startLoop } = await import('#server/loop/startLoop.ts');
    const again = await startLoop(record, d.h.deps);

    expect(again).toEqual({ ok: true, value: 'exists' });
    expect(await loop.state(id)).toEqual(first);
  });
});

describe('settings the emails need', () => {
  it('leave the step due and name what is missing, and it goes once they are set', async () => {
    const { id } = await loop.commit();
    const problems = [{ variable: 'SIGNING_SECRET', message: 'SIGNING_SECRET is not set' }];

    const without = await loop.runAt(MOMENTS.reminder, { changes: { settings: { ready: false, problems } }, tasks: [homeworkLoopTask] });
    const withThem = await loop.runAt('2026-12-03T15:15:00.000Z', { tasks: [homeworkLoopTask] });

    expect(without.failed).toBe(true);
    expect(without.tasks['homework-loop']).toMatchObject({ ran: true, failed: true, missing: ['SIGNING_SECRET'], waiting: 1 });
    expect(d.h.logs.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(expect.objectContaining({ event: 'loop.missing_setting', variable: 'SIGNING_SECRET' }));
    expect(withThem.tasks['homework-loop']).toMatchObject({ sent: 1, failed: false });
    expect(loop.loopEmails(id, 'reminder')).toHaveLength(1);
  });
});
