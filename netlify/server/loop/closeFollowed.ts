/**
 * A new commitment that sets a new date or a smaller step for an earlier one (`follows`, from
 * the page a "Partly" or "Not yet" answer opens) closes that earlier one: `closedBy` on its loop
 * state, so the scheduler sends nothing more about it. Called when the new commitment's loop
 * starts (startLoop.ts), before its state is written, so the new state can say what it follows.
 *
 * `follows` counts only when it names an existing commitment of the same client (by email);
 * anything else is ignored without a word: the new homework is what matters, and it is never
 * refused for this. Idempotent: run again after a crash, it finds the earlier one closed by
 * this one and says so again.
 */
import type { Commitment } from '#src/forms/commitment.ts';
import type { Logger } from '../log.ts';
import { ok, type Result } from '../result.ts';
import type { StoreError } from '../storeCall.ts';
import { emailHash, type SubmissionStore } from '../submissions/submissionStore.ts';
import { type Stored, type SubmissionRecord } from '../submissions/records.ts';
import type { LoopStore } from './loopStore.ts';

export interface CloseFollowedDeps {
  store: SubmissionStore;
  loop: LoopStore;
  log: Logger;
}

/**
 * `follows`: the earlier commitment this one really follows, for the new loop state (absent
 * when there is none, or it did not count); `closed`: whether that one's loop is now closed by
 * this one (false when it has no loop, or another new date closed it first).
 */
export interface Followed {
  follows?: string;
  closed: boolean;
}

const NOT_FOLLOWING: Followed = { closed: false };

export async function closeFollowed(record: SubmissionRecord<Stored<Commitment>>, deps: CloseFollowedDeps): Promise<Result<Followed, StoreError>> {
  const { follows } = record.data;
  if (!follows) return ok(NOT_FOLLOWING);
  const ignore = (reason: string) => {
    deps.log.info('loop.follows_ignored', { id: record.id, reason });
    return ok(NOT_FOLLOWING);
  };
  if (follows === record.id) return ignore('itself');
  const earlier = await deps.store.get('commitment', follows);
  if (!earlier.ok) return earlier;
  if (!earlier.value || earlier.value.record.kind !== 'commitment') return ignore('not-found');
  const earlierEmail = earlier.value.record.data.email;
  if (typeof earlierEmail !== 'string' || emailHash(earlierEmail) !== emailHash(record.data.email)) return ignore('another-client');

  const closed = await deps.loop.update(follows, (state) => (state.closedBy ? null : { ...state, closedBy: record.id }));
  if (!closed.ok) return closed;
  if (!closed.value) return ok({ follows, closed: false });
  if (closed.value.closedBy !== record.id) deps.log.info('loop.already_closed', { id: follows });
  return ok({ follows, closed: closed.value.closedBy === record.id });
}
