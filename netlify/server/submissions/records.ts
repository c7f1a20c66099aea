/**
 * What the submission store keeps, as types and as the schemas it checks them with on read (storeJson.ts's parsedOrThrow): a record
 * that is not what the code expects is an error value naming its key, never a value cast to a
 * type it does not have. The envelope is checked whole; a form's answers (`data`, `fields`) are
 * checked as a record here and against the form's own schema where a handler reads them
 * (forms/storedRecord.ts). Loose objects: a field this code does not know yet is kept, not dropped,
 * when a record is read and written back.
 */
import * as z from 'zod/mini';
import type { UploadLike } from '#src/forms/fields.ts';
import { SUBMISSION_KINDS, type SubmissionKind } from '#src/forms/kinds.ts';
import type { StoredEmail } from '../emails/storedEmail.ts';
import type { RecordSchema } from '../storeJson.ts';

/** `failed`: the email provider refused it for good (a bad key, an unverified domain); never retried. */
export type NotificationStatus = 'pending' | 'sent' | 'failed';
export type Recipient = 'coach' | 'client';

export interface NotificationState {
  status: NotificationStatus;
  attempts: number;
  /** When the retry job should try again (ISO time), while pending. */
  nextAttemptAt?: string;
  /** The last failure's error name (never its message), while pending or once failed. */
  lastError?: string;
  sentAt?: string;
  /** The email provider's id for the sent message. */
  providerId?: string;
}

/** A stored file, as the record refers to it. */
export interface StoredUpload {
  key: string;
  fileName: string;
  contentType: string;
  size: number;
}

/** A form's validated answers as a record keeps them: where the form had a file, where it is stored. */
export type Stored<Data> = { [K in keyof Data]: StoredValue<Data[K]> };
type StoredValue<V> = V extends UploadLike ? StoredUpload : V;

/** `Data` is a form's Stored answers once its handler reads the record (forms/storedRecord.ts); plain JSON until then. */
export interface SubmissionRecord<Data = Record<string, unknown>> {
  id: string;
  kind: SubmissionKind;
  createdAt: string;
  /** The validated answers; upload fields hold a StoredUpload. */
  data: Data;
  notifications: Record<Recipient, NotificationState>;
  /** Reasons for the coach to look twice (e.g. "many-links"); the submission is still sent. */
  flags?: string[];
  /** What the submission says (answers and file digests), to tell a resend from new answers under the same id. */
  contentHash?: string;
}

/** A file that came with a held post, kept as sent so that releasing it delivers the same thing. */
export interface HeldFile {
  field: string;
  /** The name the browser gave it (unchecked: it is checked if the post is released). */
  name: string;
  key: string;
  size: number;
}

/**
 * A post held as spam: kept whole (every field and file, and why it was held) so that the
 * coach can release it and have it delivered exactly as sent, validated against the time it
 * arrived. Never emailed while held.
 */
export interface SpamRecord {
  id: string;
  kind: 'spam';
  form: SubmissionKind;
  reason: string;
  /** When it arrived: the submission's time if it is released. */
  createdAt: string;
  /** Every field as posted (spam-check fields left out). */
  fields: Record<string, unknown>;
  files: HeldFile[];
}


const KINDS = Object.keys(SUBMISSION_KINDS) as [SubmissionKind, ...SubmissionKind[]];

const NotificationStateSchema = z.looseObject({
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.optional(z.string()),
  lastError: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  providerId: z.optional(z.string()),
});

export const SubmissionRecordSchema: RecordSchema<SubmissionRecord> = z.looseObject({
  id: z.string(),
  kind: z.enum(KINDS),
  createdAt: z.string(),
  data: z.record(z.string(), z.unknown()),
  notifications: z.object({ coach: NotificationStateSchema, client: NotificationStateSchema }),
  flags: z.optional(z.array(z.string())),
  contentHash: z.optional(z.string()),
});

export const SpamRecordSchema: RecordSchema<SpamRecord> = z.looseObject({
  id: z.string(),
  kind: z.literal('spam'),
  form: z.enum(KINDS),
  reason: z.string(),
  createdAt: z.string(),
  fields: z.record(z.string(), z.unknown()),
  files: z.array(z.looseObject({ field: z.string(), name: z.string(), key: z.string(), size: z.number() })),
});

/** A key under a kind's prefix holds that kind's record; `spam/` holds held posts. */
export const StoredRecordSchema: RecordSchema<SubmissionRecord | SpamRecord> = z.union([SubmissionRecordSchema, SpamRecordSchema]);

export const StoredEmailSchema: RecordSchema<StoredEmail> = z.looseObject({
  from: z.string(),
  to: z.array(z.string()),
  replyTo: z.optional(z.string()),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  headers: z.optional(z.record(z.string(), z.string())),
  attachments: z.optional(z.array(z.looseObject({ filename: z.string(), contentType: z.string(), content: z.string() }))),
  missingUploads: z.optional(z.array(z.string())),
});

