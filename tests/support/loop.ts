/**
 * The homework loop in a test: commitments posted through the real pipeline (which starts their
 * loop), the one scheduled run at a moment of the test's choosing, and what the fake Resend and
 * the local store hold about a commitment's loop.
 */
import { expect } from 'vitest';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { LOOP_SINCE } from '#server/loop/loopSince.ts';
import type { LoopState, LoopStep } from '#server/loop/loopStore.ts';
import { createBudget, RUN_BUDGET_MS, type Budget } from '#server/budget.ts';
import { createLastRuns } from '#server/scheduler/lastRuns.ts';
import { runScheduler, type SchedulerReport, type ScheduledTask } from '#server/scheduler/runScheduler.ts';
import type { SchedulerDeps } from '#server/scheduler/schedulerDeps.ts';
import { SCHEDULED_TASKS } from '#server/scheduler/tasks.ts';
import type { DeskHarness } from './desk';
import type { ReceivedEmail } from '#local/fakeResend.ts';
import { formPost, handlersOf, VALID, type Changes, type Fields } from './forms';

/** A moment well after the loop shipped: the tests' commitments are made then (Tuesday 1 December, 09:00 in Chicago). */
export const AFTER_LOOP_SINCE = '2026-12-01T15:00:00.000Z';
if (Date.parse(AFTER_LOOP_SINCE) < LOOP_SINCE.getTime()) throw new Error('The loop tests assume their commitments are made after LOOP_SINCE');

/** Friday 4 December, 18:00 in Chicago: the reminder is Thursday 09:00, the follow-up Sunday 18:00. */
export const DEADLINE = { when: '2026-12-04T18:00', timeZone: 'America/Chicago' } as const;
export const MOMENTS = {
  beforeReminder: '2026-12-03T14:45:00.000Z',
  reminder: '2026-12-03T15:00:00.000Z',
  checkIn: '2026-12-05T00:00:00.000Z',
  followUp: '2026-12-07T00:00:00.000Z',
} as const;

export const ample = (): Budget => createBudget(RUN_BUDGET_MS, () => 0);

export function loopHelpers(d: DeskHarness) {
  const deps = (changes: Partial<SchedulerDeps> = {}): SchedulerDeps => ({ ...d.deps, lastRuns: createLastRuns(d.deps.deskBlobs), ...changes });
  return {
    deps,
    /** A commitment posted now through the real pipeline (its loop starts as it settles); its fields. */
    async commit(changes: Changes = {}): Promise<Fields & { id: string; email: string }> {
      const fields = VALID.commitment({ ...DEADLINE, ...changes });
      const response = await handleSubmission(formPost('commitment', fields), handlersOf(d.h.deps).commitment, d.h.deps);
      expect(response.status).toBe(201);
      return { ...fields, id: fields.id!, email: fields.email! };
    },
    /** An intake from a client, posted now. */
    async intake(changes: Changes = {}) {
      const fields = VALID.intake(changes);
      const response = await handleSubmission(formPost('intake', fields), handlersOf(d.h.deps).intake, d.h.deps);
      expect(response.status).toBe(201);
      return fields;
    },
    /** The scheduled run (every task, or the ones given) at a moment. */
    async runAt(iso: string, { changes = {}, budget = ample(), tasks = SCHEDULED_TASKS }: { changes?: Partial<SchedulerDeps>; budget?: Budget; tasks?: readonly ScheduledTask<SchedulerDeps>[] } = {}): Promise<SchedulerReport> {
      d.h.clock.set(iso);
      return runScheduler(deps(changes), tasks, { now: d.h.clock.now(), budget });
    },
    /** Every loop email the fake Resend sent about a commitment, in order; one step's if given. */
    loopEmails(id: string, step?: LoopStep): ReceivedEmail[] {
      return d.h.resend.sent.filter((email) => email.idempotencyKey?.startsWith(`loop/${id}/${step ?? ''}`));
    },
    async state(id: string): Promise<LoopState | undefined> {
      const read = await d.deps.loop.get(id);
      if (!read.ok) throw new Error(read.error.name);
      return read.value?.state;
    },
    /** Every key of the submissions store under a prefix. */
    async keys(prefix: string): Promise<string[]> {
      return (await d.h.blobs.list({ prefix })).blobs.map((b) => b.key).sort();
    },
  };
}
