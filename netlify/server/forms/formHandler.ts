import type { FieldErrors, FieldMap } from '../../../src/forms/fields.ts';
import type { SubmissionKind } from '../../../src/forms/kinds.ts';
import type { Catalog } from '../catalog.ts';
import type { Attachment } from '../mailer.ts';
import type { SubmissionRecord } from '../submissionStore.ts';

export interface ValidationContext {
  catalog: Catalog;
  now: () => Date;
}

export type Validation =
  | { ok: true; data: Record<string, unknown>; fields: FieldMap }
  | { ok: false; errors: FieldErrors; fields: FieldMap };

/** What a message to the client says, beyond the shared greeting and the list of answers. */
export interface ClientMessage {
  subject: string;
  /** Plain-text paragraphs, escaped when rendered as HTML. */
  paragraphs: string[];
  attachments?: Attachment[];
}

/** Everything that differs between the four kinds of submission; the pipeline does the rest. */
export interface FormHandler {
  kind: SubmissionKind;
  /** The fields to label answers with, for a stored record (responses depend on their exercise). */
  fieldsFor(data: Record<string, unknown>, catalog: Catalog): FieldMap;
  validate(input: Record<string, unknown>, context: ValidationContext): Validation;
  /** A short line that tells the coach what this is about, for the subject. */
  topic(data: Record<string, unknown>, catalog: Catalog): string;
  /** Must depend only on the record and configuration: a retry re-sends it with the same idempotency key. */
  clientMessage(record: SubmissionRecord, context: { catalog: Catalog; siteUrl: string }): ClientMessage;
}
