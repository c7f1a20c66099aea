/**
 * Every reminder, check-in and follow-up goes out exactly once: two runs at the same moment, a
 * run killed between the send and its record, an answer lost on the way back, and a run whose
 * time runs out half-way, against the real local store and the fake Resend (which, like
 * Resend, sends one email per idempotency key and payload).
 */
import { describe, expect, it } from 'vitest';
import type { LoopStore } from '#server/loop/loopStore.ts';
import type { Mailer } from '#server/mail/mailer.ts';
import { fail } from '#server/result.ts';
import { createBudget } from '#server/budget.ts';
import { homeworkLoopTask } from '#server/scheduler/tasks.ts';
import { useDesk } from '../support/desk';
import { AFTER_LOOP_SINCE, loopHelpers, MOMENTS } from '../support/loop';

// Each answer takes a while, so runs started together are still sending when the other looks.
const d = useDesk({ harness: { now: AFTER_LOOP_SINCE, resend: { latencyMs: 40 } } });
const loop = loopHelpers(d);
const tasks = [homeworkLoopTask];

const requestsFor = (id: string, step: string) => d.h.resend.requests.filter((r) => r.idempotencyKey === `loop/${id}/${step}`);

/** The loop store, failing (as a store that stopped answering would) the write that would record a step as sent. */
function failingSentRecord(): LoopStore {
  return {
    ...d.deps.loop,
    async update(id, change) {
      const read = await d.deps.loop.get(id);
      const next = read.ok && read.value ? change(read.value.state) : null;
      if (next && Object.values(next.sends).some((send, i) => send.state === 'sent' && Object.values(read.ok ? read.value!.state.sends : {})[i]?.state !== 'sent')) return fail({ name: 'StoreTimeout' });
      return d.deps.loop.update(id, change);
    },
  };
}

describe('a check-in', () => {
  it('is sent once by two runs at the same moment', async () => {
    const { id } = await loop.commit();

    const reports = await Promise.all([loop.runAt(MOMENTS.checkIn, { tasks }), loop.runAt(MOMENTS.checkIn, { tasks })]);

    expect(loop.loopEmails(id, 'check-in')).toHaveLength(1);
    // The one that recorded `sending` first sent it; the other left it to that run.
    expect(requestsFor(id, 'check-in')).toHaveLength(1);
    expect(reports.map((r) => r.tasks['homework-loop'])).toEqual(expect.arrayContaining([expect.objectContaining({ sent: 1 }), expect.objectContaining({ sent: 0, waiting: 1 })]));
    expect((await loop.state(id))!.sends['check-in']).toMatchObject({ state: 'sent', attempts: 1 });
    expect((await loop.keys('due/')).filter((key) => key.endsWith(`${id}.check-in`))).toEqual([]);
  });

  it('is sent once by two runs that both find a `sending` left by a run that died, under the one idempotency key', async () => {
    const { id } = await loop.commit();
    // A run claimed the step and died before sending.
    await d.deps.loop.update(id, (s) => ({ ...s, sends: { ...s.sends, 'check-in': { state: 'sending', at: MOMENTS.checkIn, idempotencyKey: `loop/${id}/check-in`, attempts: 1 } } }));

    await Promise.all([loop.runAt('2026-12-05T00:15:00.000Z', { tasks }), loop.runAt('2026-12-05T00:15:00.000Z', { tasks })]);

    expect(loop.loopEmails(id, 'check-in')).toHaveLength(1);
    expect((await loop.state(id))!.sends['check-in']).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('is sent once when the run is killed between the send and its record: the next run sends again under the same key, and Resend sends nothing more', async () => {
    const { id } = await loop.commit();

    // The claim is recorded; the record of the send is not.
    const killed = await loop.runAt(MOMENTS.checkIn, { tasks, changes: { loop: failingSentRecord() } });
    const stateAfterKill = await loop.state(id);
    // A minute later the claim still stands: a run that may still be sending is left alone.
    await loop.runAt('2026-12-05T00:01:00.000Z', { tasks });
    const requestsWithinLease = requestsFor(id, 'check-in').length;
    await loop.runAt('2026-12-05T00:15:00.000Z', { tasks });

    expect(killed.tasks['homework-loop']).toMatchObject({ sent: 1, storeFailed: true, failed: true });
    expect(stateAfterKill!.sends['check-in']).toMatchObject({ state: 'sending', attempts: 1 });
    expect(requestsWithinLease).toBe(1);
    expect(requestsFor(id, 'check-in').map((r) => r.status)).toEqual([200, 200]);
    expect(loop.loopEmails(id, 'check-in')).toHaveLength(1);
    expect((await loop.state(id))!.sends['check-in']).toMatchObject({ state: 'sent', attempts: 2 });
    expect(await loop.keys('due/')).toEqual([`due/2026-12-07T00/${id}.follow-up`]);
  });

  it('is sent once when Resend sent it but the answer was lost, and recorded as sent by the next run', async () => {
    const { id } = await loop.commit();
    d.h.resend.failNext(1, 'lose_answer', { idempotencyKey: `loop/${id}/check-in` });

    const lost = await loop.runAt(MOMENTS.checkIn, { tasks });
    const afterLoss = await loop.state(id);
    await loop.runAt('2026-12-05T00:15:00.000Z', { tasks });

    expect(lost.tasks['homework-loop']).toMatchObject({ sent: 0, waiting: 1 });
    expect(afterLoss!.sends['check-in']).toMatchObject({ state: 'sending', why: 'timeout' });
    expect(loop.loopEmails(id, 'check-in')).toHaveLength(1);
    expect((await loop.state(id))!.sends['check-in']).toMatchObject({ state: 'sent' });
  });

  it('is recorded as failed, and not retried, when Resend refuses it for good', async () => {
    const { id } = await loop.commit();
    const refusing: Mailer = { send: async () => fail({ kind: 'permanent', name: 'validation_error', status: 422 }) };

    await loop.runAt(MOMENTS.checkIn, { tasks, changes: { mailer: refusing } });
    await loop.runAt('2026-12-05T00:15:00.000Z', { tasks });

    expect((await loop.state(id))!.sends['check-in']).toMatchObject({ state: 'failed', why: 'validation_error' });
    expect(loop.loopEmails(id, 'check-in')).toEqual([]);
  });
});

describe('a run whose time is spent', () => {
  it('starts no new send, and the next run sends the rest, each once', async () => {
    const ids = [];
    for (let i = 0; i < 4; i += 1) ids.push((await loop.commit()).id);
    // Each email takes 8 s of the run's 20.
    const clock = { elapsed: 0 };
    const slow: Mailer = { send: async (message, options) => ((clock.elapsed += 8_000), d.h.deps.mailer.send(message, options)) };
    const budget = () => createBudget(20_000, () => clock.elapsed);

    const first = await loop.runAt(MOMENTS.checkIn, { tasks, changes: { mailer: slow }, budget: budget() });
    const second = await loop.runAt('2026-12-05T00:15:00.000Z', { tasks, changes: { mailer: slow }, budget: budget() });

    expect(first.tasks['homework-loop']).toMatchObject({ sent: 3, left: 1, done: false });
    expect(second.tasks['homework-loop']).toMatchObject({ sent: 1, left: 0, done: true });
    for (const id of ids) expect(loop.loopEmails(id, 'check-in')).toHaveLength(1);
  });
});
