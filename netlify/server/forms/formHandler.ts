import type { FieldErrors, FieldMap } from '../../../src/forms/fields.ts';
import type { ClientIdentity } from '../../../src/forms/identity.ts';
import type { SubmissionKind } from '../../../src/forms/kinds.ts';
import type { Catalog } from '../catalog.ts';
import type { Attachment } from '../mailer.ts';
import type { Stored, SubmissionRecord } from '../submissionStore.ts';

export interface ValidationContext {
  catalog: Catalog;
  now: () => Date;
}

export type Validation<Data> =
  | { ok: true; data: Data; fields: FieldMap }
  | { ok: false; errors: FieldErrors; fields: FieldMap };

/** What a message to the client says, beyond the shared greeting and the list of answers. */
export interface ClientMessage {
  subject: string;
  /** Plain-text paragraphs, escaped when rendered as HTML. */
  paragraphs: string[];
  attachments?: Attachment[];
}

/**
 * Everything that differs between the four kinds of submission; the pipeline does the rest.
 * `Data` is what the form's schema validates (e.g. `Intake`); a stored record holds it as
 * `Stored<Data>`, files replaced by where they are stored. Every form asks who is writing.
 */
export interface FormHandler<Data extends ClientIdentity> {
  kind: SubmissionKind;
  /** The fields to label answers with, for a stored record (responses depend on their exercise). */
  fieldsFor(data: Stored<Data>, catalog: Catalog): FieldMap;
  validate(input: Record<string, unknown>, context: ValidationContext): Validation<Data>;
  /** A short line that tells the coach what this is about, for the subject. */
  topic(data: Stored<Data>, catalog: Catalog): string;
  /** Must depend only on the record and configuration: a retry re-sends it with the same idempotency key. */
  clientMessage(record: SubmissionRecord<Stored<Data>>, context: { catalog: Catalog; siteUrl: string }): ClientMessage;
}
