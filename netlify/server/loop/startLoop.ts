/**
 * Starting a commitment's homework loop, where the pipeline settles it (notify.ts `settle`): the
 * pending marker is cleared only once this succeeded, so a function that dies first leaves the
 * marker and the retry job starts the loop later. Create-only and idempotent: a second start
 * finds the loop and changes nothing. docs/decisions/011-homework-loop.md.
 */
import type { Commitment } from '../../../src/forms/commitment.ts';
import { commitmentForm, deadlineOf } from '../forms/commitment.ts';
import { storedRecordFor } from '../forms/storedRecord.ts';
import type { Logger } from '../log.ts';
import { newLinkId } from '../signedLinks.ts';
import { ok, type Result } from '../result.ts';
import { emailHash, type Stored, type StoreError, type SubmissionRecord, type SubmissionStore } from '../submissionStore.ts';
import { latestIntake } from './latestIntake.ts';
import { LOOP_SINCE } from './loopSince.ts';
import type { LoopState, LoopStore } from './loopStore.ts';
import { planLoop } from './plan.ts';

/** A started (or found) loop and the commitment it follows, for what has to happen once it exists. */
export interface StartedLoop {
  record: SubmissionRecord<Stored<Commitment>>;
  state: LoopState;
}

/**
 * Work that must be done once a commitment's loop exists, before its pending marker goes: run on
 * every start, the first and any retry (`created` or `exists`), so each must be idempotent; a
 * failure leaves the marker and the retry job runs them all again.
 */
export type LoopStartedHook = (started: StartedLoop, deps: StartLoopDeps) => Promise<Result<void, StoreError>>;

/**
 * The hooks every start runs, in order.
 * MERGE (branch `checkin`): the hook that closes the commitment a new one `follows` (sets the
 * followed loop's `closedBy`) goes here.
 */
export const LOOP_STARTED_HOOKS: readonly LoopStartedHook[] = [];

export interface StartLoopDeps {
  store: SubmissionStore;
  loop: LoopStore;
  clock: () => Date;
  log: Logger;
  /** Commitments stored before this get no loop: LOOP_SINCE unless a test says otherwise. */
  loopSince?: Date;
  /** LOOP_STARTED_HOOKS unless a test says otherwise. */
  loopStartedHooks?: readonly LoopStartedHook[];
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
  if (Date.parse(record.createdAt) < (deps.loopSince ?? LOOP_SINCE).getTime()) return ok('before-loop');

  // Read first: a start repeated after the loop ran a step must not write that step's due key again.
  const found = await deps.loop.get(record.id);
  if (!found.ok) return found;
  let state = found.value?.state;
  let outcome: LoopStart = 'exists';
  if (!state) {
    const first = await firstState(record, deps);
    if (!first.ok) return first;
    const started = await deps.loop.start(first.value);
    if (!started.ok) return started;
    outcome = started.value;
    if (outcome === 'created') state = first.value;
    else {
      // Another start won the create-only write a moment ago: its state is the one.
      const winner = await deps.loop.get(record.id);
      if (!winner.ok) return winner;
      state = winner.value?.state ?? first.value;
    }
  }
  for (const hook of deps.loopStartedHooks ?? LOOP_STARTED_HOOKS) {
    const done = await hook({ record, state }, deps);
    if (!done.ok) return done;
  }
  if (outcome === 'created') deps.log.info('loop.started', { id: record.id, channel: state.channel, reminder: state.plan.reminder !== undefined });
  return ok(outcome);
}
