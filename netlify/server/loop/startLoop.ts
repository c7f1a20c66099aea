/**
 * Starting a commitment's homework loop, where the pipeline settles it (notify.ts `settle`): the
 * pending marker is cleared only once this succeeded, so a function that dies first leaves the
 * marker and the retry job starts the loop later. Create-only and idempotent: a second start
 * finds the loop and changes nothing. A commitment that `follows` an earlier one (a new date
 * after "Partly" or "Not yet") closes that one first (closeFollowed.ts).
 * docs/decisions/011-homework-loop.md.
 */
import type { Commitment } from '#src/forms/commitment.ts';
import { commitmentForm, deadlineOf } from '../submissions/forms/commitment.ts';
import { storedRecordFor } from '../submissions/forms/storedRecord.ts';
import type { Logger } from '../log.ts';
import { newLinkId } from '../links/signedLinks.ts';
import { ok, type Result } from '../result.ts';
import { emailHash, type StoreError, type SubmissionStore } from '../submissions/submissionStore.ts';
import { type Stored, type SubmissionRecord } from '../submissions/records.ts';
import { closeFollowed } from './closeFollowed.ts';
import { latestIntake } from './latestIntake.ts';
import { LOOP_SINCE } from './loopSince.ts';
import type { LoopState, LoopStore } from './loopStore.ts';
import { planLoop } from './plan.ts';

export interface StartLoopDeps {
  store: SubmissionStore;
  loop: LoopStore;
  clock: () => Date;
  log: Logger;
}

/**
 * - `created`: the loop starts now; `exists`: it had started before (a retry);
 * - `before-loop`: stored before LOOP_SINCE, so it never gets one;
 * - `not-a-commitment`: only commitments have a loop.
 */
export type LoopStart = 'created' | 'exists' | 'before-loop' | 'not-a-commitment';

/** The loop's first state: the plan from the deadline, the client's zone and now; the channel and name from their latest intake. */
async function firstState(record: SubmissionRecord<Stored<Commitment>>, deps: StartLoopDeps): Promise<Result<LoopState, StoreError>> {
  const clientHash = emailHash(record.data.email);
  const intake = await latestIntake(deps.store, clientHash);
  if (!intake.ok) return intake;
  const now = deps.clock();
  const preferredName = intake.value?.preferredName?.trim();
  return ok({
    version: 1,
    commitmentId: record.id,
    clientHash,
    deadline: deadlineOf(record.data).toISOString(),
    timeZone: record.data.timeZone,
    channel: intake.value?.accountability === 'text' ? 'text' : 'email',
    ...(preferredName ? { preferredName } : {}),
    startedAt: now.toISOString(),
    checkInLid: newLinkId(),
    plan: planLoop({ deadline: deadlineOf(record.data), timeZone: record.data.timeZone, now }),
    sends: {},
  });
}

export async function startLoop(stored: SubmissionRecord, deps: StartLoopDeps): Promise<Result<LoopStart, StoreError>> {
  const record = storedRecordFor(commitmentForm, stored);
  if (!record) return ok('not-a-commitment');
  if (Date.parse(record.createdAt) < LOOP_SINCE.getTime()) return ok('before-loop');

  // Read first: a start repeated after the loop ran a step must not write that step's due key again.
  const found = await deps.loop.get(record.id);
  if (!found.ok) return found;
  if (found.value) return ok('exists');
  const first = await firstState(record, deps);
  if (!first.ok) return first;
  // A new date closes the homework it follows before this loop's state says so; run again after a crash, it finds it closed by this one.
  const followed = await closeFollowed(record, deps);
  if (!followed.ok) return followed;
  const state: LoopState = { ...first.value, ...(followed.value.follows ? { follows: followed.value.follows } : {}) };
  const started = await deps.loop.start(state);
  if (!started.ok) return started;
  if (started.value === 'created') deps.log.info('loop.started', { id: record.id, channel: state.channel, reminder: state.plan.reminder !== undefined, follows: state.follows !== undefined });
  return ok(started.value);
}
