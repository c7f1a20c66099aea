/**
 * A stored check-in's answer, recorded in its commitment's loop. The check-in endpoint does it
 * right after storing the check-in; this is the same step for the retry job, for a check-in whose
 * function died between the two (decision 011: the pending marker goes only once the loop has
 * what it needs). Idempotent: an answer already recorded from this check-in is found as it is.
 */
import type { CheckIn } from '#src/forms/checkIn.ts';
import { checkInForm } from '../submissions/forms/checkIn.ts';
import { storedRecordFor } from '../submissions/forms/storedRecord.ts';
import type { LoopAnswer } from '../loop/loopStore.ts';
import { recordAnswer, type AnswerOutcome, type RecordAnswerDeps } from '../loop/recordAnswer.ts';
import { ok, type Result } from '../result.ts';
import type { StoreError } from '../storeCall.ts';
import type { Stored, SubmissionRecord } from '../submissions/records.ts';

/** The loop's answer for a stored check-in: its time is the record's, so recording it again is the same answer. */
export function loopAnswerOf(record: SubmissionRecord<Stored<CheckIn>>): LoopAnswer {
  const { answer, note, evidence } = record.data;
  return { answer, at: record.createdAt, by: 'client', checkInId: record.id, ...(note ? { note } : {}), ...(evidence ? { files: [evidence.fileName] } : {}) };
}

/** Records the answer of a stored record if it is a check-in; `null` for any other kind. */
export async function recordStoredCheckIn(record: SubmissionRecord, deps: RecordAnswerDeps): Promise<Result<AnswerOutcome | null, StoreError>> {
  const checkIn = storedRecordFor(checkInForm, record);
  if (!checkIn) return ok(null);
  return recordAnswer(checkIn.data.commitment, loopAnswerOf(checkIn), deps);
}
