import type { ClientIdentity } from '#src/forms/identity.ts';
import type { Stored, SubmissionRecord } from '../records.ts';
import type { FormHandler } from './formHandler.ts';

/**
 * A record read back from the store, typed for its form's handler; null if it is of another kind.
 * The store holds JSON and cannot say what is in it: this is the one place that trusts it, because
 * `<kind>/<id>` is only ever written by acceptSubmission, from answers that kind's schema validated,
 * their files replaced by StoredUploads.
 */
export function storedRecordFor<Data extends ClientIdentity>(handler: FormHandler<Data>, record: SubmissionRecord): SubmissionRecord<Stored<Data>> | null {
  return record.kind === handler.kind ? (record as SubmissionRecord<unknown> as SubmissionRecord<Stored<Data>>) : null;
}
