import type { FieldErrors, FieldMap } from '#src/forms/fields.ts';
import type { ClientIdentity } from '#src/forms/identity.ts';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import type { Catalog } from '#server/catalog.ts';
import type { Paragraph } from '#server/emails/layout.ts';
import type { Attachment } from '#server/mail/mailer.ts';
import type { Logger } from '#server/log.ts';
import type { Result } from '#server/result.ts';
import type { Stored, SubmissionRecord } from '../records.ts';
import type { StoreError, SubmissionStore } from '../submissionStore.ts';

export interface ValidationContext {
  catalog: Catalog;
  now: () => Date;
}

export type Validation<Data> =
  | { ok: true; data: Data; fields: FieldMap }
  | { ok: false; errors: FieldErrors; fields: FieldMap };

/** What `prepare` may read. */
export interface PrepareContext {
  store: SubmissionStore;
  log: Logger;
}

/** What a message to the client says, after the shared greeting ("Hi Jordan,") and before the signature. */
export interface ClientMessage {
  subject: string;
  /** Plain-text paragraphs (or sentences with a link), escaped when rendered as HTML. */
  paragraphs: Paragraph[];
  attachments?: Attachment[];
}

/** What the coach's email says about a submission, beyond who sent it and the list of answers. */
export interface CoachMessage {
  /** What was sent, once: "Homework" makes "Homework from Jordan Rivera". */
  title: string;
  /** The whole heading, when "<title> from <name>" reads wrong: "Jordan is stuck". */
  heading?: string;
  /** What it is about, after a colon in the subject: "due Tue, Dec 1", "Values card sort". */
  about?: string;
  /** Plain-text paragraphs above the answers. */
  paragraphs?: string[];
  /** Answers shown in other words than they are stored in, by field name (a deadline in words). */
  shown?: Readonly<Record<string, string>>;
  attachments?: Attachment[];
}

/** Why a step after storing did not finish: the store's error, by name. */
export interface StepError {
  name: string;
}

/** What a message may read besides the record. */
export interface MessageContext {
  catalog: Catalog;
  siteUrl: string;
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
  /**
   * Valid answers checked against what is stored, before they are stored: may drop or fill in
   * what only the store can vouch for (the earlier homework a new date follows). Never refuses
   * the answers; a store failure is one, and the client is told nothing was confirmed.
   */
  prepare?(data: Data, context: PrepareContext): Promise<Result<Data, StoreError>>;
  /** A short line that tells the coach what this is about, on the desk. */
  topic(data: Stored<Data>, catalog: Catalog): string;
  /** Must depend only on the record and configuration, as clientMessage. */
  coachMessage(record: SubmissionRecord<Stored<Data>>, context: MessageContext): CoachMessage;
  /** Must depend only on the record and configuration: a retry re-sends it with the same idempotency key. */
  clientMessage(record: SubmissionRecord<Stored<Data>>, context: MessageContext): ClientMessage;
  /**
   * What storing this kind starts beyond its emails (a commitment starts its homework loop, a
   * check-in records its answer in its commitment's loop), run where the pipeline settles the
   * record, before its pending marker goes (notify.ts `settle`, decision 011): a failure leaves
   * the marker and the retry job runs the step again, so it must be idempotent, and it logs its
   * own failure. The step needs stores the pipeline does not know, so the forms here have none:
   * the composition root (netlify/server/app/formHandlers.ts) gives each kind its step.
   */
  afterStore?(record: SubmissionRecord<Stored<Data>>): Promise<Result<unknown, StepError>>;
}
