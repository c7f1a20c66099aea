/**
 * Where submissions live in Netlify Blobs, and the only module that knows the key layout
 * (docs/decisions/002-submission-storage.md):
 *
 *   <kind>/<id>                      the record (JSON), written create-only
 *   uploads/<id>/<field>-<digest>    an uploaded file, with its content type in metadata
 *   clients/<email-hash>/<kind>/<id> an empty pointer, to find everything from one client
 *   pending/<kind>/<id>              a marker while any notification is not yet sent
 *   rendered/<kind>/<id>/<recipient> an email as first rendered, resent as it is until it goes
 *   failed/<kind>/<id>               a marker while a notification has failed for good
 *   spam/<id>                        a post the spam checks caught (never emailed)
 */
import { createHash } from 'node:crypto';
import type { Store } from '@netlify/blobs';
import type { SubmissionKind } from '../../src/forms/kinds.ts';
import type { StoredEmail } from './emails/storedEmail.ts';
import { errorName, fail, ok, type Result } from './result.ts';

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

export interface SubmissionRecord<Data = Record<string, unknown>> {
  id: string;
  kind: SubmissionKind;
  createdAt: string;
  /** The validated answers; upload fields hold a StoredUpload. */
  data: Data;
  notifications: Record<Recipient, NotificationState>;
  /** Reasons for the coach to look twice (e.g. "many-links"); the submission is still sent. */
  flags?: string[];
}

/** A post the spam checks caught: kept apart, never emailed, so nothing real is ever lost. */
export interface SpamRecord {
  id: string;
  kind: 'spam';
  form: SubmissionKind;
  reason: string;
  createdAt: string;
  /** What was posted, as text, each value cut to 2,000 characters; files are not kept. */
  fields: Record<string, string>;
}

export interface NewUpload {
  /** Where it goes (uploadKey). */
  key: string;
  field: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface StoreError {
  name: string;
}

export const recordKey = (kind: SubmissionKind, id: string) => `${kind}/${id}`;
/** Keyed by content too, so a resubmission with the same id can never replace the bytes a record points at. */
export const uploadKey = (id: string, field: string, bytes: Uint8Array) =>
  `uploads/${id}/${field}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
export const pendingKey = (kind: SubmissionKind, id: string) => `pending/${kind}/${id}`;
export const clientPrefix = (email: string) => `clients/${emailHash(email)}/`;
export const renderedKey = (kind: SubmissionKind, id: string, recipient: Recipient) => `rendered/${kind}/${id}/${recipient}`;
export const failedKey = (kind: SubmissionKind, id: string) => `failed/${kind}/${id}`;

/** Keys never hold an email address; this stable hash stands in for it. */
export function emailHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}

export interface SubmissionStore {
  /**
   * Stores a new submission: uploads, the pending marker, the record (create-only) and the
   * client pointer, in that order, so a crash at any point leaves something the retry job
   * finds. `created: false` means a record with this id already existed and nothing changed.
   */
  create(record: SubmissionRecord, email: string, uploads: NewUpload[]): Promise<Result<{ created: boolean }, StoreError>>;
  get(kind: SubmissionKind, id: string): Promise<Result<{ record: SubmissionRecord; etag: string } | null, StoreError>>;
  /** Writes a changed record only if it is unchanged since `etag` was read; returns the new etag. */
  replace(record: SubmissionRecord, etag: string): Promise<Result<{ replaced: boolean; etag: string }, StoreError>>;
  /** Keeps a caught spam post, create-only, with a client pointer when it carries an email. */
  createSpam(record: SpamRecord, email: string | undefined): Promise<Result<{ created: boolean }, StoreError>>;
  getUpload(key: string): Promise<Result<Uint8Array | null, StoreError>>;
  listPending(): Promise<Result<{ kind: SubmissionKind; id: string }[], StoreError>>;
  clearPending(kind: SubmissionKind, id: string): Promise<Result<void, StoreError>>;
  /** When a pending marker was written (ISO time), or null if it is gone. */
  pendingSince(kind: string, id: string): Promise<Result<string | null, StoreError>>;
  /** The email kept for one recipient of a submission, or null before it was first rendered. */
  getRendered(kind: SubmissionKind, id: string, recipient: Recipient): Promise<Result<StoredEmail | null, StoreError>>;
  /** Keeps a rendered email, create-only; returns the one kept, which is an earlier render if there was one. */
  keepRendered(kind: SubmissionKind, id: string, recipient: Recipient, email: StoredEmail): Promise<Result<StoredEmail, StoreError>>;
  /** Drops a kept email once it is sent. */
  dropRendered(kind: SubmissionKind, id: string, recipient: Recipient): Promise<Result<void, StoreError>>;
  /** Marks a submission as having a notification that failed for good, so it can be listed. */
  markFailed(kind: SubmissionKind, id: string): Promise<Result<void, StoreError>>;
  /** Every submission with a notification that failed for good. */
  listFailed(): Promise<Result<{ kind: SubmissionKind; id: string }[], StoreError>>;
  /** Deletes everything stored for one client's email; returns the keys removed. */
  eraseClient(email: string): Promise<Result<string[], StoreError>>;
  /** Deletes every submission created before `cutoff`, with its uploads and pointers; returns the keys removed. */
  purgeCreatedBefore(cutoff: Date): Promise<Result<string[], StoreError>>;
}

/** Every prefix a submission or spam record lives under. */
const RECORD_PREFIXES = ['intake/', 'commitment/', 'response/', 'reflection/', 'spam/'] as const;

/**
 * How long one store operation may take. The blobs client retries failures itself, sleeping
 * seconds between tries, which would outlast a function's time limit; past this deadline the
 * operation counts as failed and the client hears so in plain words (its work may still land,
 * and then the pending marker makes sure it is notified).
 */
export const STORE_DEADLINE_MS = 4000;

class StoreTimeout extends Error {
  override name = 'StoreTimeout';
}

export function createSubmissionStore(blobs: Store, { deadlineMs = STORE_DEADLINE_MS } = {}): SubmissionStore {
  async function attempt<T>(work: () => Promise<T>): Promise<Result<T, StoreError>> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new StoreTimeout()), deadlineMs);
    });
    try {
      return ok(await Promise.race([work(), deadline]));
    } catch (error) {
      return fail({ name: errorName(error) });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Deletes one submission (record or spam) and everything that hangs off it. */
  async function removeSubmission(kind: string, id: string, email: string | undefined): Promise<string[]> {
    const { blobs: uploads } = await blobs.list({ prefix: `uploads/${id}/` });
    const { blobs: rendered } = await blobs.list({ prefix: `rendered/${kind}/${id}/` });
    const keys = [`${kind}/${id}`, ...uploads.map((u) => u.key), ...rendered.map((r) => r.key), `pending/${kind}/${id}`, `failed/${kind}/${id}`];
    if (email) keys.push(`${clientPrefix(email)}${kind}/${id}`);
    const removed: string[] = [];
    for (const key of keys) {
      if (await blobs.getMetadata(key)) {
        await blobs.delete(key);
        removed.push(key);
      }
    }
    return removed;
  }

  return {
    create: (record, email, uploads) =>
      attempt(async () => {
        // A resubmission of a stored id changes nothing, not even the pending marker.
        if (await blobs.getMetadata(recordKey(record.kind, record.id))) return { created: false };
        for (const upload of uploads) {
          await blobs.set(upload.key, new Blob([upload.bytes as BlobPart], { type: upload.contentType }), {
            metadata: { fileName: upload.fileName, contentType: upload.contentType, size: upload.bytes.byteLength },
            onlyIfNew: true,
          });
        }
        await blobs.set(pendingKey(record.kind, record.id), '', { metadata: { createdAt: record.createdAt } });
        const { modified } = await blobs.setJSON(recordKey(record.kind, record.id), record, { onlyIfNew: true });
        if (modified) {
          await blobs.set(`${clientPrefix(email)}${record.kind}/${record.id}`, '', { metadata: { createdAt: record.createdAt } });
        }
        return { created: modified };
      }),

    createSpam: (record, email) =>
      attempt(async () => {
        const { modified } = await blobs.setJSON(`spam/${record.id}`, record, { onlyIfNew: true });
        if (modified && email) await blobs.set(`${clientPrefix(email)}spam/${record.id}`, '', { metadata: { createdAt: record.createdAt } });
        return { created: modified };
      }),

    get: (kind, id) =>
      attempt(async () => {
        const found = await blobs.getWithMetadata(recordKey(kind, id), { type: 'json' });
        return found ? { record: found.data as SubmissionRecord, etag: found.etag ?? '' } : null;
      }),

    replace: (record, etag) =>
      attempt(async () => {
        const written = await blobs.setJSON(recordKey(record.kind, record.id), record, { onlyIfMatch: etag });
        return { replaced: written.modified, etag: written.etag ?? '' };
      }),

    getUpload: (key) =>
      attempt(async () => {
        const data = await blobs.get(key, { type: 'arrayBuffer' });
        return data ? new Uint8Array(data) : null;
      }),

    listPending: () =>
      attempt(async () => {
        const { blobs: markers } = await blobs.list({ prefix: 'pending/' });
        return markers.map(({ key }) => {
          const [, kind, id] = key.split('/');
          return { kind: kind as SubmissionKind, id: id! };
        });
      }),

    clearPending: (kind, id) => attempt(() => blobs.delete(pendingKey(kind, id))),

    eraseClient: (email) =>
      attempt(async () => {
        const { blobs: pointers } = await blobs.list({ prefix: clientPrefix(email) });
        const removed: string[] = [];
        for (const { key } of pointers) {
          const [, , kind, id] = key.split('/');
          removed.push(...(await removeSubmission(kind!, id!, email)));
          // A pointer whose record was already gone still goes.
          if (await blobs.getMetadata(key)) {
            await blobs.delete(key);
            removed.push(key);
          }
        }
        return removed;
      }),

    purgeCreatedBefore: (cutoff) =>
      attempt(async () => {
        const removed: string[] = [];
        for (const prefix of RECORD_PREFIXES) {
          const { blobs: records } = await blobs.list({ prefix });
          for (const { key } of records) {
            const record = (await blobs.get(key, { type: 'json' })) as (SubmissionRecord | SpamRecord) | null;
            if (!record || Date.parse(record.createdAt) >= cutoff.getTime()) continue;
            const email = 'data' in record ? record.data.email : record.fields.email;
            removed.push(...(await removeSubmission(prefix.slice(0, -1), record.id, typeof email === 'string' ? email : undefined)));
          }
        }
        return removed;
      }),

    pendingSince: (kind, id) =>
      attempt(async () => {
        const found = await blobs.getMetadata(`pending/${kind}/${id}`);
        return typeof found?.metadata.createdAt === 'string' ? found.metadata.createdAt : null;
      }),

    getRendered: (kind, id, recipient) => attempt(async () => ((await blobs.get(renderedKey(kind, id, recipient), { type: 'json' })) as StoredEmail | null) ?? null),

    keepRendered: (kind, id, recipient, email) =>
      attempt(async () => {
        const key = renderedKey(kind, id, recipient);
        const { modified } = await blobs.setJSON(key, email, { onlyIfNew: true });
        return modified ? email : (((await blobs.get(key, { type: 'json' })) as StoredEmail | null) ?? email);
      }),

    dropRendered: (kind, id, recipient) => attempt(() => blobs.delete(renderedKey(kind, id, recipient))),

    markFailed: (kind, id) => attempt(async () => void (await blobs.set(failedKey(kind, id), ''))),

    listFailed: () =>
      attempt(async () => {
        const { blobs: markers } = await blobs.list({ prefix: 'failed/' });
        return markers.map(({ key }) => {
          const [, kind, id] = key.split('/');
          return { kind: kind as SubmissionKind, id: id! };
        });
      }),
  };
}
