/**
 * Records the answer to a commitment's check-in in its loop state, whoever gives it: the client
 * through a check-in link (after their check-in is stored as a submission), or the coach from
 * the desk. The first answer stands; any later one changes nothing and is told what stands.
 * Then the coach's views follow: no longer overdue, answered on the answer's UTC day.
 *
 * Idempotent: the same answer recorded again (a retry after a crash, a repeated press) finds
 * itself already there and only makes sure of the markers.
 */
import { fail, ok, type Result } from '../result.ts';
import type { StoreError } from '../storeCall.ts';
import { answeredKey, overdueKey, type LoopAnswer, type LoopState, type LoopStore } from './loopStore.ts';

export interface RecordAnswerDeps {
  loop: LoopStore;
}

/**
 * `recorded`: this answer is the commitment's answer (now, or already from the same check-in);
 * `already`: another answer was there first (the coach recorded it, say), nothing changed;
 * `gone`: there is no loop for this commitment (erased, or made before the loop existed).
 */
export type AnswerOutcome = { outcome: 'recorded'; state: LoopState } | { outcome: 'already'; state: LoopState } | { outcome: 'gone' };

/** Whether a stored answer is this one: the same check-in record, or (given by the coach, who has none) the same moment. */
function isSameAnswer(stored: LoopAnswer, given: LoopAnswer): boolean {
  if (given.checkInId || stored.checkInId) return stored.checkInId === given.checkInId;
  return stored.by === given.by && stored.at === given.at && stored.answer === given.answer;
}

export async function recordAnswer(commitmentId: string, answer: LoopAnswer, deps: RecordAnswerDeps): Promise<Result<AnswerOutcome, StoreError>> {
  const updated = await deps.loop.update(commitmentId, (state) => (state.answer ? null : { ...state, answer }));
  if (!updated.ok) return updated;
  const state = updated.value;
  if (!state) return ok({ outcome: 'gone' });
  if (!state.answer || !isSameAnswer(state.answer, answer)) {
    // Unreachable without an answer: the change above always sets one.
    return state.answer ? ok({ outcome: 'already', state }) : fail({ name: 'AnswerNotRecorded' });
  }
  // After the state, so a crash in between leaves a state a retry finds answered, and marks again.
  const unmarked = await deps.loop.unmark(overdueKey(commitmentId));
  if (!unmarked.ok) return unmarked;
  const marked = await deps.loop.mark(answeredKey(state.answer.at, commitmentId));
  if (!marked.ok) return marked;
  return ok({ outcome: 'recorded', state });
}
