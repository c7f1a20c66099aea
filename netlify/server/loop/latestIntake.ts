/**
 * What the homework loop takes from a client's latest intake questionnaire, found by their
 * email hash through their pointers: how they want check-ins (email, or text from the coach's
 * phone), their phone number, and what they like to be called. A client without an intake gets
 * email, as the issue says.
 */
import type { Intake } from '#src/forms/intake.ts';
import { intakeForm } from '../submissions/forms/intake.ts';
import { storedRecordFor } from '../submissions/forms/storedRecord.ts';
import { ok, type Result } from '../result.ts';
import type { Stored, SubmissionRecord } from '../submissions/records.ts';
import type { StoreError, SubmissionStore } from '../submissions/submissionStore.ts';

export type LatestIntake = Pick<Stored<Intake>, 'accountability' | 'phone' | 'preferredName' | 'name'>;

/** The client's newest intake, or null when they never sent one. */
export async function latestIntake(store: SubmissionStore, clientHash: string): Promise<Result<LatestIntake | null, StoreError>> {
  const pointers = await store.listClient(clientHash);
  if (!pointers.ok) return pointers;
  let latest: SubmissionRecord<Stored<Intake>> | null = null;
  for (const { kind, id } of pointers.value) {
    if (kind !== 'intake') continue;
    const found = await store.get(kind, id);
    if (!found.ok) return found;
    const record = found.value ? storedRecordFor(intakeForm, found.value.record) : null;
    if (record && (!latest || record.createdAt > latest.createdAt)) latest = record;
  }
  if (!latest) return ok(null);
  const { accountability, phone, preferredName, name } = latest.data;
  return ok({ accountability, phone, preferredName, name });
}
