/**
 * The coach's morning summary, through the scheduled run at 07:00 in her zone, against the real
 * local stores and the fake Resend: every section with something to say and a link to each
 * client on the desk, nothing when there is nothing to say, once a day, and the texts to send
 * listed until the coach marks them texted.
 */
import { describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { overdueKey, textKey } from '#server/loop/loopStore.ts';
import { recordAnswer } from '#server/loop/recordAnswer.ts';
import { morningSummaryTask } from '#server/scheduler/tasks.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { useDesk } from '../support/desk';
import { formPost, handlersOf, VALID } from '../support/forms';
import { AFTER_LOOP_SINCE, loopHelpers } from '../support/loop';
import { SITE_URL } from '../support/pipeline';

const d = useDesk({ harness: { now: AFTER_LOOP_SINCE } });
const loop = loopHelpers(d);
const tasks = [morningSummaryTask];

/** Wednesday 2 December, 07:00 in Chicago; the last summary went out the morning before. */
const MORNING = '2026-12-02T13:00:00.000Z';
const LAST_SUMMARY = new Date('2026-12-01T13:00:00.000Z');

const summaries = () => d.h.resend.sent.filter((e) => e.idempotencyKey?.startsWith('morning-summary/'));
const desk = (email: string) => `${SITE_URL}/coach/clients/${emailHash(email)}/`;

async function holdSpam() {
  const fields = VALID.reflection({ [HONEYPOT_FIELD]: 'bot', name: 'Spam <b>Bot</b>' });
  expect((await handleSubmission(formPost('reflection', fields), handlersOf(d.h.deps).reflection, d.h.deps)).status).toBe(201);
  return fields.id!;
}

describe('the morning summary', () => {
  it('says what was answered, what to text, what is overdue, what falls due, what arrived, what was held and what waits, each client linked to the desk', async () => {
    await loop.deps().lastRuns.set('morning-summary', LAST_SUMMARY);
    const done = await loop.commit({ email: 'done@example.org', name: 'Dana Done', what: 'Draft the cover letter' });
    await recordAnswer(done.id, { answer: 'done', at: '2026-12-01T20:00:00.000Z', by: 'client', note: 'Both drafts sent; one reply already!' }, d.deps);
    await loop.commit({ email: 'soon@example.org', name: 'Sam Soon', what: 'Call two former colleagues' });
    const late = await loop.commit({ email: 'late@example.org', name: 'Lee Late', what: 'Update my LinkedIn headline', when: '2026-12-10T18:00' });
    await d.deps.loop.mark(overdueKey(late.id));
    await loop.intake({ email: 'texts@example.org', name: 'Tess Texter', accountability: 'text', phone: '+44 7700 900123' });
    const texter = await loop.commit({ email: 'texts@example.org', name: 'Tess Texter', what: 'Book the career fair' });
    await d.deps.loop.mark(textKey(texter.id, 'check-in'));
    const spamId = await holdSpam();
    const waiting = VALID.reflection({ email: 'wait@example.org', name: 'Wes Waiting' });
    d.h.resend.failNext(2, 'server_error');
    await handleSubmission(formPost('reflection', waiting), handlersOf(d.h.deps).reflection, d.h.deps);

    const report = await loop.runAt(MORNING, { tasks });

    expect(report.tasks['morning-summary']).toMatchObject({ ran: true, done: true, sent: true, sections: 7 });
    const [summary] = summaries();
    expect(summary!.idempotencyKey).toBe('morning-summary/2026-12-02');
    expect(summary!.body.to).toEqual(['coach@example.com']);
    expect(summary!.body.subject).toBe('Your morning summary, Wed, Dec 2: 1 answered, 1 to text, 1 overdue, 2 due soon, 6 new, 1 held as spam, 1 waiting to be emailed');
    const { text, html } = summary!.body;
    const sections = ['ANSWERED SINCE YESTERDAY', 'TO TEXT TODAY', 'OVERDUE, NO CHECK-IN YET', 'DUE IN THE NEXT THREE DAYS', 'NEW SINCE YESTERDAY', 'HELD AS SPAM', 'STILL WAITING TO BE EMAILED'];
    expect(sections.map((heading) => text.indexOf(heading))).toEqual([...sections.map((heading) => text.indexOf(heading))].sort((a, b) => a - b));
    expect(sections.every((heading) => text.includes(heading))).toBe(true);
    expect(text).toContain('- Done: Dana Done, “Draft the cover letter”\n  Their note: “Both drafts sent; one reply already!”');
    expect(text).toContain('- Text Tess Texter at +44 7700 900123 about “Book the career fair”\n  The check-in: it was due');
    expect(text).toContain('- Lee Late: “Update my LinkedIn headline”\n  It was due Thursday, December 10, 2026 at 6:00 PM');
    expect(text).toContain('- Sam Soon: “Call two former colleagues”\n  Due Friday, December 4, 2026 at 6:00 PM, your time and theirs (America/Chicago).');
    expect(text).toContain(`Not spam? npm run spam -- release ${spamId}`);
    expect(text).toContain('- Reflection from Wes Waiting\n  Its emails have not gone yet; they are being retried.');
    for (const email of ['done@example.org', 'soon@example.org', 'late@example.org', 'texts@example.org', 'wait@example.org']) expect(html).toContain(`<a href="${desk(email)}">`);
    expect(html).toContain('Spam &lt;b&gt;Bot&lt;/b&gt;');
    expect(text).toContain(`press “Done, I texted” on the desk’s To text list: ${SITE_URL}/coach/texts/`);
  });

  it('is not sent when there is nothing to say, and the day counts as done', async () => {
    d.h.clock.set('2026-11-30T12:00:00.000Z');
    // Held more than a day before the summary, and noted in an earlier one.
    await holdSpam();
    await loop.deps().lastRuns.set('morning-summary', new Date('2026-12-01T13:00:00.000Z'));

    const report = await loop.runAt(MORNING, { tasks });

    expect(report.tasks['morning-summary']).toMatchObject({ ran: true, done: true, sent: false, items: 0 });
    expect(summaries()).toEqual([]);
    expect(await loop.deps().lastRuns.get('morning-summary')).toEqual({ ok: true, value: new Date(MORNING) });
  });

  it('is sent once by two runs at the same moment', async () => {
    await holdSpam();

    await Promise.all([loop.runAt(MORNING, { tasks }), loop.runAt(MORNING, { tasks })]);

    expect(summaries()).toHaveLength(1);
  });

  it('lists a text every morning until the coach marks it texted on the desk', async () => {
    await loop.intake({ email: 'texts@example.org', accountability: 'text', phone: '+1 312 555 0100' });
    const { id } = await loop.commit({ email: 'texts@example.org' });
    await d.deps.loop.mark(textKey(id, 'reminder'));

    await loop.runAt(MORNING, { tasks });
    await loop.runAt('2026-12-03T13:00:00.000Z', { tasks });
    // "Done, I texted" on the desk takes it off the list.
    await d.deps.loop.unmark(textKey(id, 'reminder'));
    await loop.runAt('2026-12-04T13:00:00.000Z', { tasks });

    expect(summaries().map((e) => [e.idempotencyKey, e.body.text.includes('Text Ada Lovelace at +1 312 555 0100')])).toEqual([
      ['morning-summary/2026-12-02', true],
      ['morning-summary/2026-12-03', true],
      // Still sent: the homework is due that evening.
      ['morning-summary/2026-12-04', false],
    ]);
  });

  it('is not recorded as sent when it could not be, so the next run sends it', async () => {
    await holdSpam();
    d.h.resend.failNext(1, 'server_error', { idempotencyKey: 'morning-summary/2026-12-02' });

    const failed = await loop.runAt(MORNING, { tasks });
    const retried = await loop.runAt('2026-12-02T13:15:00.000Z', { tasks });

    expect(failed.tasks['morning-summary']).toMatchObject({ done: false, failed: true, sent: false });
    expect(retried.tasks['morning-summary']).toMatchObject({ done: true, sent: true });
    expect(summaries()).toHaveLength(1);
  });

  it('passes over a text about homework answered since it was noted, and removes it without a summary for it alone', async () => {
    await loop.deps().lastRuns.set('morning-summary', new Date(MORNING));
    const { id } = await loop.commit();
    await d.deps.loop.mark(textKey(id, 'check-in'));
    await recordAnswer(id, { answer: 'partly', at: '2026-12-02T12:00:00.000Z', by: 'coach' }, d.deps);

    await loop.runAt('2026-12-03T13:00:00.000Z', { tasks });

    expect(await loop.keys('texts/')).toEqual([]);
    // The answer was given before this summary's window: nothing else to say.
    expect(summaries()).toEqual([]);
  });
});
