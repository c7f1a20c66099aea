/**
 * The one scheduled function's runner and its tasks, against the real local blob store and the
 * fake Resend: one moment and one time budget a run, the daily note at the coach's morning hour
 * in the coach's zone, missed runs caught up once, overlapping runs sending once.
 */
import type { Store } from '@netlify/blobs';
import { describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import type { Mailer } from '#server/mail/mailer.ts';
import { fail } from '#server/result.ts';
import { createBudget, RUN_BUDGET_MS, type Budget } from '#server/budget.ts';
import { createLastRuns } from '#server/scheduler/lastRuns.ts';
import { runScheduler, type ScheduledTask, type TaskRun } from '#server/scheduler/runScheduler.ts';
import type { SchedulerDeps } from '#server/scheduler/schedulerDeps.ts';
import { SCHEDULED_TASKS } from '#server/scheduler/tasks.ts';
import { useDesk } from '../support/desk';
import { formPost, handlersOf, VALID } from '../support/forms';
import { listKeys } from '../support/localStore';

const d = useDesk();

const QUARTER_HOUR = 15 * 60_000;
/** A budget that is never spent, for tests about something else. */
const ample = (): Budget => createBudget(RUN_BUDGET_MS, () => 0);

const deps = (changes: Partial<SchedulerDeps> = {}): SchedulerDeps => ({ ...d.deps, lastRuns: createLastRuns(d.deps.deskBlobs), ...changes });

/** One run of the real tasks at the harness clock's moment. */
const run = (changes: Partial<SchedulerDeps> = {}, budget = ample()) => runScheduler(deps(changes), SCHEDULED_TASKS, { now: d.h.clock.now(), budget });

/** A post the honeypot catches, held at the harness clock's moment. */
async function holdSpam() {
  const fields = VALID.reflection({ [HONEYPOT_FIELD]: 'bot' });
  expect((await handleSubmission(formPost('reflection', fields), handlersOf(d.h.deps).reflection, d.h.deps)).status).toBe(201);
  return fields.id!;
}

const notes = () => d.h.resend.sent.filter((email) => email.idempotencyKey?.startsWith('morning-summary/'));

/** Runs every quarter hour from `from` to `to`, holding a post at each of `holdAt`; the moments the note went out. */
async function everyQuarterHour(from: string, to: string, holdAt: string[]): Promise<string[]> {
  await deps().lastRuns.set('morning-summary', new Date(Date.parse(from) - QUARTER_HOUR));
  const sentAt: string[] = [];
  for (let at = Date.parse(from); at <= Date.parse(to); at += QUARTER_HOUR) {
    d.h.clock.set(new Date(at).toISOString());
    if (holdAt.includes(new Date(at).toISOString())) await holdSpam();
    const before = notes().length;
    const report = await run();
    expect(report.failed, report.at).toBe(false);
    if (notes().length > before) sentAt.push(report.at);
  }
  return sentAt;
}

describe('the morning summary, with what was held as spam', () => {
  it('goes out once a day at 07:00 in the coach’s zone, across the change to daylight saving time', async () => {
    // Held each evening at 20:00 in Chicago.
    const sentAt = await everyQuarterHour('2027-03-13T00:00:00.000Z', '2027-03-15T23:45:00.000Z', [
      '2027-03-13T02:00:00.000Z', '2027-03-14T02:00:00.000Z', '2027-03-15T01:00:00.000Z',
    ]);

    expect(sentAt).toEqual(['2027-03-13T13:00:00.000Z', '2027-03-14T12:00:00.000Z', '2027-03-15T12:00:00.000Z']);
    expect(notes().map((note) => note.idempotencyKey)).toEqual(['morning-summary/2027-03-13', 'morning-summary/2027-03-14', 'morning-summary/2027-03-15']);
  });

  it('goes out once a day at 07:00 in the coach’s zone, across the change back to standard time', async () => {
    const sentAt = await everyQuarterHour('2026-10-31T00:00:00.000Z', '2026-11-02T23:45:00.000Z', [
      '2026-10-31T01:00:00.000Z', '2026-11-01T01:00:00.000Z', '2026-11-02T02:00:00.000Z',
    ]);

    expect(sentAt).toEqual(['2026-10-31T12:00:00.000Z', '2026-11-01T13:00:00.000Z', '2026-11-02T13:00:00.000Z']);
  });

  it('is caught up once after missed runs, covering every post held since the last note', async () => {
    await deps().lastRuns.set('morning-summary', new Date('2026-11-28T13:00:00Z'));
    d.h.clock.set('2026-11-29T02:00:00Z');
    await holdSpam();
    d.h.clock.set('2026-12-01T02:00:00Z');
    await holdSpam();

    // Nothing ran from the 28th until 10:30 on 1 December in Chicago.
    d.h.clock.set('2026-12-01T16:30:00Z');
    const first = await run();
    d.h.clock.set('2026-12-01T16:45:00Z');
    const second = await run();

    expect(first.tasks['morning-summary']).toMatchObject({ ran: true, done: true, items: 2, sent: true });
    expect(second.tasks['morning-summary']).toEqual({ ran: false, why: 'not due' });
    expect(notes()).toHaveLength(1);
    expect(notes()[0]).toMatchObject({ idempotencyKey: 'morning-summary/2026-12-01', body: { subject: 'Your morning summary, Tue, Dec 1: 2 held as spam' } });
  });

  it('is sent once by two runs at the same moment', async () => {
    d.h.clock.set('2026-11-30T20:00:00Z');
    await holdSpam();
    d.h.clock.set('2026-12-01T13:00:00Z');

    const reports = await Promise.all([run(), run()]);

    expect(reports.map((report) => report.tasks['morning-summary'])).toEqual([
      expect.objectContaining({ ran: true, sent: true, failed: false }),
      expect.objectContaining({ ran: true, sent: true, failed: false }),
    ]);
    expect(notes()).toHaveLength(1);
  });

  it('is sent once when a run that started before the note was recorded sees another post held since', async () => {
    d.h.clock.set('2026-11-30T20:00:00Z');
    await holdSpam();
    d.h.clock.set('2026-12-01T13:00:00Z');
    await run();
    await holdSpam();

    // It read the last run before the first run recorded it: its note differs, under the same day's key.
    const stale = deps().lastRuns;
    const late = await run({ lastRuns: { ...stale, get: async () => ({ ok: true, value: undefined }) } });

    expect(d.h.resend.requests.filter((r) => r.idempotencyKey === 'morning-summary/2026-12-01').map((r) => r.error)).toEqual([undefined, 'invalid_idempotent_request']);
    expect(late.tasks['morning-summary']).toMatchObject({ ran: true, done: true, sent: true, failed: false });
    expect(late.failed).toBe(false);
    expect(notes()).toHaveLength(1);
  });

  it('is not recorded as sent when it could not be, so the next run sends it', async () => {
    d.h.clock.set('2026-11-30T20:00:00Z');
    await holdSpam();
    d.h.clock.set('2026-12-01T13:00:00Z');
    d.h.resend.failNext(1, 'server_error');

    const failed = await run();
    d.h.clock.set('2026-12-01T13:15:00Z');
    const next = await run();

    expect(failed.tasks['morning-summary']).toMatchObject({ ran: true, done: false, failed: true });
    expect(failed.failed).toBe(true);
    expect(next.tasks['morning-summary']).toMatchObject({ ran: true, done: true, sent: true });
    expect(notes()).toHaveLength(1);
  });

  it('records its last run in the desk store, and nothing else of the scheduler is stored', async () => {
    d.h.clock.set('2026-12-01T13:00:00Z');

    await run();

    expect(await listKeys(d.deps.deskBlobs)).toEqual(['scheduler/last-run/morning-summary', 'scheduler/last-run/retention']);
    expect(await d.deps.deskBlobs.get('scheduler/last-run/morning-summary', { type: 'json' })).toEqual({ at: '2026-12-01T13:00:00.000Z' });
  });
});

describe('a scheduled run', () => {
  /** A task that takes `ms` of the run's time and notes what it was handed. */
  const taking = (name: string, ms: number, clock: { elapsed: number }, seen: Record<string, TaskRun>, due?: ScheduledTask<SchedulerDeps>['due']): ScheduledTask<SchedulerDeps> => ({
    name,
    ...(due ? { due } : {}),
    async run(_deps, taskRun) {
      seen[name] = taskRun;
      clock.elapsed += ms;
      return { done: true, failed: false, summary: {} };
    },
  });

  it('starts nothing once its time is spent, and names what it left', async () => {
    const clock = { elapsed: 0 };
    const seen: Record<string, TaskRun> = {};
    const tasks = ['a', 'b', 'c', 'd'].map((name) => taking(name, 8_000, clock, seen));

    const report = await runScheduler(deps(), tasks, { now: d.h.clock.now(), budget: createBudget(20_000, () => clock.elapsed) });

    // a starts at 0 s, b at 8, c at 16; at 24 the 20 s are spent.
    expect(Object.keys(seen)).toEqual(['a', 'b', 'c']);
    expect(report.left).toEqual(['d']);
    expect(report.tasks.d).toEqual({ ran: false, why: 'no time left' });
  });

  it('hands every task the same moment, however long the ones before took', async () => {
    const clock = { elapsed: 0 };
    const seen: Record<string, TaskRun> = {};
    const moving = { ...deps(), clock: () => new Date(d.h.clock.now().getTime() + clock.elapsed) };

    const report = await runScheduler(moving, [taking('a', 5_000, clock, seen), taking('b', 5_000, clock, seen)], { now: moving.clock(), budget: createBudget(20_000, () => clock.elapsed) });

    expect(seen.a!.now.toISOString()).toBe(report.at);
    expect(seen.b!.now.toISOString()).toBe(report.at);
  });

  it('leaves a daily task it had no time for unrecorded, and the next run does it', async () => {
    const clock = { elapsed: 0 };
    const seen: Record<string, TaskRun> = {};
    const daily = taking('daily', 0, clock, seen, (_now, lastRun) => !lastRun);
    const budget = () => createBudget(20_000, () => clock.elapsed);

    const first = await runScheduler(deps(), [taking('backlog', 25_000, clock, seen), daily], { now: d.h.clock.now(), budget: budget() });
    const recordedAfterFirst = await deps().lastRuns.get('daily');
    const second = await runScheduler(deps(), [taking('backlog', 0, clock, seen), daily], { now: d.h.clock.now(), budget: budget() });
    const third = await runScheduler(deps(), [daily], { now: d.h.clock.now(), budget: budget() });

    expect(first.left).toEqual(['daily']);
    expect(recordedAfterFirst).toEqual({ ok: true, value: undefined });
    expect(second.tasks.daily).toMatchObject({ ran: true, done: true });
    expect(await deps().lastRuns.get('daily')).toEqual({ ok: true, value: d.h.clock.now() });
    expect(third.tasks.daily).toEqual({ ran: false, why: 'not due' });
  });

  it('shares its time between the note and the retries: what the retries had no time for waits for the next run', async () => {
    // Three reflections whose emails all failed, due for a retry; a post held overnight.
    d.h.resend.failNext(6, 'server_error');
    const ids = [];
    for (let i = 0; i < 3; i += 1) {
      const fields = VALID.reflection();
      await handleSubmission(formPost('reflection', fields), handlersOf(d.h.deps).reflection, d.h.deps);
      ids.push(fields.id!);
    }
    await holdSpam();
    d.h.clock.set(d.h.clock.now().toISOString(), 24 * 3600_000);
    // Each email takes 8 s of the run.
    const clock = { elapsed: 0 };
    const slowMailer: Mailer = { send: async (message, options) => ((clock.elapsed += 8_000), d.h.deps.mailer.send(message, options)) };

    const first = await run({ mailer: slowMailer }, createBudget(20_000, () => clock.elapsed));
    const second = await run({ mailer: slowMailer }, createBudget(20_000, () => clock.elapsed));

    // The note at 0 s, one reflection's two emails from 8 s to 24 s; the other two wait.
    expect(first.tasks['morning-summary']).toMatchObject({ ran: true, sent: true });
    expect(first.tasks['retry-notifications']).toMatchObject({ ran: true, attempted: 1, deferred: 2, done: false });
    expect(second.tasks['retry-notifications']).toMatchObject({ attempted: 2, delivered: 2 });
    for (const id of ids) expect(d.h.emailsFor('reflection', id).coach).toHaveLength(1);
  });

  it('runs the tasks after one that throws, and reports the failure', async () => {
    const clock = { elapsed: 0 };
    const seen: Record<string, TaskRun> = {};
    const broken: ScheduledTask<SchedulerDeps> = { name: 'broken', run: async () => Promise.reject(new TypeError('a mistake')) };

    const report = await runScheduler(deps(), [broken, taking('after', 0, clock, seen)], { now: d.h.clock.now(), budget: ample() });

    expect(report.tasks.broken).toMatchObject({ ran: true, done: false, failed: true });
    expect(seen.after).toBeDefined();
    expect(report.failed).toBe(true);
    expect(d.h.logs.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(expect.objectContaining({ event: 'scheduler.task_threw', task: 'broken', error: 'TypeError' }));
  });

  it('skips a daily task whose last run the store cannot say, rather than risk doing it twice', async () => {
    const failing = new Proxy(d.deps.deskBlobs, {
      get(target, key) {
        if (key === 'get') return async () => Promise.reject(new Error('unavailable'));
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Store;

    const report = await run({ lastRuns: createLastRuns(failing) });

    expect(report.tasks['morning-summary']).toEqual({ ran: false, why: 'last run unreadable' });
    expect(report.tasks['retry-notifications']).toMatchObject({ ran: true });
    expect(report.failed).toBe(true);
  });

  it('answers a deferred note (the paced sender had no slot) as not done but not failed', async () => {
    d.h.clock.set('2026-11-30T20:00:00Z');
    await holdSpam();
    d.h.clock.set('2026-12-01T13:00:00Z');
    const busy: Mailer = { send: async () => fail({ kind: 'deferred', name: 'deferred' }) };

    const report = await run({ mailer: busy });

    expect(report.tasks['morning-summary']).toMatchObject({ ran: true, done: false, failed: false, sent: false });
    expect(report.failed).toBe(false);
  });
});
