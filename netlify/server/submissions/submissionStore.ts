/**
 * Where submissions live in Netlify Blobs, and the only module that knows the key layout
 * (docs/decisions/002-submission-storage.md):
 *
 *   <kind>/<id>                      the record (JSON), written create-only; its content hash in metadata
 *   uploads/<id>/<field>-<digest>    an uploaded file, with its content type in metadata
 *   clients/<email-hash>/<kind>/<id> an empty pointer, to find everything from one client
 *   pending/<kind>/<id>              a marker while any notification is not yet sent
 *   rendered/<kind>/<id>/<recipient> an email as first rendered, resent as it is until it goes
 *   failed/<kind>/<id>               a marker while a notification has failed for good
 *   spam/<id>                        a post held as spam, whole (its files under uploads/<id>/held-…), never emailed
 *   handled/<kind>/<id>              empty, once the coach has dealt with it ("I'm stuck" requests); when, in metadata
 *
 * Other capabilities keep records beside these (the homework loop: loop/, due/, its markers and
 * loop-clients/, by loop/loopStore.ts). This store does not know them: whoever opens it hands it
 * `Companions` that delete them with a record and with a client (lifecycle/clientStores.ts), so
 * erase and retention cover them too.
 *
 * Write order (a crash or a failing store at any step leaves nothing unreachable):
 * client pointer → uploads → pending marker → record. The pointer comes first so that erase
 * finds whatever follows; the marker comes before the record so that a stored record is
 * always either notified or known to the retry job. What a failed attempt leaves behind
 * (a pointer or uploads without a record) is removed by erase, and by retention once it is
 * a day old.
 */
import { parsedOrThrow } from '../storeJson.ts';
import { SpamRecordSchema, StoredEmailSchema, StoredRecordSchema, SubmissionRecordSchema, type NotificationState, type Recipient, type SpamRecord, type StoredUpload, type SubmissionRecord } from './records.ts';
import { createHash } from 'node:crypto';
import type { Store } from '@netlify/blobs';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import { createJsonOnly, createOnly, replaceJsonIfMatch } from '../conditionalWrites.ts';
import type { StoredEmail } from '../emails/storedEmail.ts';
import { postedIdentity } from './forms/postedIdentity.ts';
import type { Result } from '../result.ts';
import { STORE_DEADLINE_MS, storeCalls, type StoreError } from '../storeCall.ts';

export interface NewUpload {
  /** Where it goes (uploadKey). */
  key: string;
  field: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

export type { StoreError };

export const recordKey = (kind: SubmissionKind, id: string) => `${kind}/${id}`;
/** Keyed by content too, so a resubmission with the same id can never replace the bytes a record points at. */
export const uploadKey = (id: string, field: string, bytes: Uint8Array) =>
  `uploads/${id}/${field}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
export const pendingKey = (kind: SubmissionKind, id: string) => `pending/${kind}/${id}`;
export const spamKey = (id: string) => `spam/${id}`;
export const clientPrefix = (email: string) => `clients/${emailHash(email)}/`;
const pointerKey = (email: string, kind: string, id: string) => `${clientPrefix(email)}${kind}/${id}`;
export const renderedKey = (kind: SubmissionKind, id: string, recipient: Recipient) => `rendered/${kind}/${id}/${recipient}`;
export const failedKey = (kind: SubmissionKind, id: string) => `failed/${kind}/${id}`;
export const handledKey = (kind: SubmissionKind, id: string) => `handled/${kind}/${id}`;

/** Keys never hold an email address; this stable hash stands in for it. */
export function emailHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}

/**
 * What storing a submission did. `duplicate`: this id already holds the same content (a
 * double click, a resend after a timeout), so nothing changed. `conflict`: this id already holds
 * different content (a page restored by the back/forward cache and sent again); nothing was
 * kept, and the caller stores it under another id.
 */
export type CreateOutcome = 'created' | 'duplicate' | 'conflict';

export interface SubmissionStore {
  /**
   * Stores a new submission in the write order above; the record is written create-only, its
   * `contentHash` also in the blob's metadata so a resend is recognised without reading it.
   */
  create(
    record: SubmissionRecord & { contentHash: string },
    email: string,
    uploads: NewUpload[],
    /** When it is being stored (ISO), if not when it arrived: a post released from spam arrived long ago. */
    options?: { storedAt?: string },
  ): Promise<Result<CreateOutcome, StoreError>>;
  get(kind: SubmissionKind, id: string): Promise<Result<{ record: SubmissionRecord; etag: string } | null, StoreError>>;
  /** Writes a changed record only if it is unchanged since `etag` was read; returns the new etag. */
  replace(record: SubmissionRecord, etag: string): Promise<Result<{ replaced: boolean; etag: string }, StoreError>>;
  /** Holds a post as spam, whole: pointer (when it carries an email), files, then the record, create-only. */
  holdSpam(record: SpamRecord, email: string | undefined, files: NewUpload[]): Promise<Result<{ created: boolean }, StoreError>>;
  getSpam(id: string): Promise<Result<SpamRecord | null, StoreError>>;
  /** Every held post, oldest first. */
  listSpam(): Promise<Result<SpamRecord[], StoreError>>;
  /** Deletes a held post, its files and its pointer; returns the keys removed. */
  deleteSpam(id: string): Promise<Result<string[], StoreError>>;
  getUpload(key: string): Promise<Result<Uint8Array | null, StoreError>>;
  /** Whether a file is stored under this key, without reading it. */
  hasUpload(key: string): Promise<Result<boolean, StoreError>>;
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
  /**
   * Gives notifications that failed for good another chance (the coach fixed the setting the
   * provider refused): they are pending again, known to the retry job, and no longer listed as
   * failed. False when the record changed meanwhile or has none failed.
   */
  reopenFailed(kind: SubmissionKind, id: string): Promise<Result<boolean, StoreError>>;
  /**
   * Marks a submission as dealt with by the coach (an "I'm stuck" request she has answered),
   * create-only, so the first time is the one kept. False when there is no such record.
   */
  markHandled(kind: SubmissionKind, id: string, at: Date): Promise<Result<boolean, StoreError>>;
  /** The id of every submission of one kind the coach has marked handled: one list, no reads. */
  listHandled(kind: SubmissionKind): Promise<Result<string[], StoreError>>;
  /** When the coach marked a submission handled (ISO), or null while she has not. */
  handledAt(kind: SubmissionKind, id: string): Promise<Result<string | null, StoreError>>;
  /** The id of every stored record of one kind: a prefix list, for rebuilding the desk's index (never for a page view). */
  listIds(kind: SubmissionKind): Promise<Result<string[], StoreError>>;
  /** What one client sent, by their email hash: the kind (or `spam`) and id of each pointer, records gone or not. */
  listClient(emailHash: string): Promise<Result<{ kind: SubmissionKind | 'spam'; id: string }[], StoreError>>;
  /** Deletes everything stored for one client's email; returns the keys removed. */
  eraseClient(email: string): Promise<Result<string[], StoreError>>;
  /**
   * Deletes the submissions of every client whose latest submission was created before `cutoff`
   * (while any of a client's submissions is newer, all of them stay), with their uploads, kept
   * emails, markers and pointers; a held post without an email by its own date; and what failed
   * attempts left behind (pointers and uploads without a record) once older than `orphanCutoff`.
   * Returns the keys removed.
   */
  purgeCreatedBefore(cutoff: Date, orphanCutoff?: Date): Promise<Result<string[], StoreError>>;
  /**
   * The same, a client at a time in a fixed order, for a run with a time limit: starts after the
   * `after` of an earlier batch, stops before the next client once `timeUp()` says so, and
   * returns where to go on from (`next`), or null once every client is done.
   */
  purgeBatch(cutoff: Date, options: PurgeOptions): Promise<Result<PurgeBatch, StoreError>>;
}

export interface PurgeOptions {
  orphanCutoff?: Date;
  /** Where the earlier batch stopped (its `next`); from the start when absent. */
  after?: string;
  /** Asked before each client: true stops the batch there. */
  timeUp?: () => boolean;
  /** The whole batch's deadline: it is many store calls, each under the store's own. */
  deadlineMs?: number;
}

export interface PurgeBatch {
  removed: string[];
  next: string | null;
}


/** Every prefix a submission or spam record lives under. */
const RECORD_PREFIXES = ['intake/', 'commitment/', 'response/', 'reflection/', 'check-in/', 'spam/', 'stuck/'] as const;

/** The email a stored record or held post belongs to, if it has one. */
function emailOf(record: SubmissionRecord | SpamRecord): string | undefined {
  return postedIdentity('data' in record ? record.data : record.fields).email;
}

/**
 * Every operation runs under a deadline (storeCall.ts): past it the operation counts as failed
 * and the client hears so in plain words (its work may still land, and then the pending marker
 * makes sure it is notified).
 */
export { STORE_DEADLINE_MS };

/**
 * What other capabilities keep beside a submission or a client in this store, deleted with them.
 * Each returns the keys it removed and throws (inside the caller's store call) if the store failed.
 */
export interface Companions {
  /** Removed before the record itself, so nothing is left that names a record no longer there. */
  removeWithSubmission(kind: string, id: string): Promise<string[]>;
  /** Removed with everything of a client (erase, and retention once their last submission is past). */
  removeWithClient(emailHash: string): Promise<string[]>;
  /** Removes what is kept for clients who have nothing else stored (asked at the end of each retention pass). */
  removeOrphans(hasSubmissions: (emailHash: string) => Promise<boolean>): Promise<string[]>;
}

/** For a store that keeps nothing beside its submissions (benchmarks); the functions and commands keep the loop's (lifecycle/clientStores.ts). */
export const NO_COMPANIONS: Companions = {
  removeWithSubmission: () => Promise.resolve([]),
  removeWithClient: () => Promise.resolve([]),
  removeOrphans: () => Promise.resolve([]),
};

/** Companions are named, never defaulted: a store opened without the loop's would leave a client's loop behind on erase. */
export function createSubmissionStore(blobs: Store, { deadlineMs = STORE_DEADLINE_MS, companions }: { deadlineMs?: number; companions: Companions }): SubmissionStore {
  const attempt = storeCalls(deadlineMs);

  /**
   * Deletes one submission (record or spam) and everything that hangs off it. Given an email,
   * only a record that belongs to that email goes (a pointer never deletes someone else's).
   */
  async function removeSubmission(kind: string, id: string, email: string | undefined): Promise<string[]> {
    if (email) {
      const record = parsedOrThrow(`${kind}/${id}`, StoredRecordSchema, await blobs.get(`${kind}/${id}`, { type: 'json' }));
      const owner = record ? emailOf(record) : undefined;
      if (record && (!owner || emailHash(owner) !== emailHash(email))) return removeKeys([pointerKey(email, kind, id)]);
    }
    // A held post owns only the files it lists; a record released from it may share its id.
    const held = kind === 'spam' ? parsedOrThrow(spamKey(id), SpamRecordSchema, await blobs.get(spamKey(id), { type: 'json' })) : null;
    const files = held ? held.files.map((f) => f.key) : (await blobs.list({ prefix: `uploads/${id}/` })).blobs.map((u) => u.key);
    const { blobs: rendered } = await blobs.list({ prefix: `rendered/${kind}/${id}/` });
    const keys = [`${kind}/${id}`, ...files, ...rendered.map((r) => r.key), `pending/${kind}/${id}`, `failed/${kind}/${id}`, `handled/${kind}/${id}`];
    if (email) keys.push(pointerKey(email, kind, id));
    // What is kept beside it goes before the record, so nothing is left that names a record no longer there.
    const beside = await companions.removeWithSubmission(kind, id);
    return [...beside, ...(await removeKeys(keys))];
  }

  /** Deletes the keys that exist; returns them. */
  async function removeKeys(keys: string[]): Promise<string[]> {
    const removed: string[] = [];
    for (const key of keys) {
      if (await blobs.getMetadata(key)) {
        await blobs.delete(key);
        removed.push(key);
      }
    }
    return removed;
  }

  /** What this id already holds: nothing, the same content, or other content. */
  async function existing(key: string, contentHash: string): Promise<CreateOutcome> {
    const found = await blobs.getMetadata(key);
    if (!found) return 'created';
    return found.metadata.contentHash === contentHash ? 'duplicate' : 'conflict';
  }

  async function putUploads(uploads: NewUpload[], createdAt: string): Promise<void> {
    for (const upload of uploads) {
      await createOnly(blobs, upload.key, new Blob([upload.bytes as BlobPart], { type: upload.contentType }), {
        fileName: upload.fileName,
        contentType: upload.contentType,
        size: upload.bytes.byteLength,
        createdAt,
      });
    }
  }

  /**
   * What retention works through, each under a key that orders it: a client (`clients/<hash>`,
   * all their pointers), a record no pointer leads to (a held post without an email), and the
   * uploads of an id that has no record.
   */
  async function retentionUnits(): Promise<Map<string, string[]>> {
    const units = new Map<string, string[]>();
    const add = (unit: string, key: string) => units.set(unit, [...(units.get(unit) ?? []), key]);
    const pointed = new Set<string>();
    for (const { key } of (await blobs.list({ prefix: 'clients/' })).blobs) {
      const [, hash, kind, id] = key.split('/');
      add(`clients/${hash}`, key);
      pointed.add(`${kind}/${id}`);
    }
    const recordIds = new Set<string>();
    for (const prefix of RECORD_PREFIXES) {
      for (const { key } of (await blobs.list({ prefix })).blobs) {
        recordIds.add(key.slice(prefix.length));
        if (!pointed.has(key)) add(key, key);
      }
    }
    for (const { key } of (await blobs.list({ prefix: 'uploads/' })).blobs) {
      const id = key.split('/')[1]!;
      if (!recordIds.has(id)) add(`uploads/${id}`, key);
    }
    return units;
  }

  /** The records named by the markers under `prefix` (`pending/<kind>/<id>`, `failed/<kind>/<id>`). */
  async function markersUnder(prefix: 'pending/' | 'failed/'): Promise<{ kind: SubmissionKind; id: string }[]> {
    const { blobs: markers } = await blobs.list({ prefix });
    return markers.map(({ key }) => {
      const [, kind, id] = key.split('/');
      return { kind: kind as SubmissionKind, id: id! };
    });
  }

  const writtenBefore = (metadata: Record<string, unknown> | undefined, cutoff: Date) =>
    typeof metadata?.createdAt !== 'string' || Date.parse(metadata.createdAt) < cutoff.getTime();

  /** Retention for one unit: a client's everything once their latest submission is past `cutoff`; leftovers past `orphanCutoff`. */
  async function purgeUnit(unit: string, keys: string[], cutoff: Date, orphanCutoff: Date | undefined): Promise<string[]> {
    if (unit.startsWith('uploads/')) {
      if (!orphanCutoff) return [];
      const old: string[] = [];
      for (const key of keys) if (writtenBefore((await blobs.getMetadata(key))?.metadata, orphanCutoff)) old.push(key);
      return removeKeys(old);
    }
    if (!unit.startsWith('clients/')) {
      const record = parsedOrThrow(unit, StoredRecordSchema, await blobs.get(unit, { type: 'json' }));
      if (!record || Date.parse(record.createdAt) >= cutoff.getTime()) return [];
      return removeSubmission(unit.split('/')[0]!, record.id, emailOf(record));
    }
    const hash = unit.split('/')[1]!;
    const records: { kind: string; record: SubmissionRecord | SpamRecord }[] = [];
    const leftovers: string[] = [];
    for (const pointer of keys) {
      const [, , kind, id] = pointer.split('/');
      const record = parsedOrThrow(`${kind}/${id}`, StoredRecordSchema, await blobs.get(`${kind}/${id}`, { type: 'json' }));
      const owner = record ? emailOf(record) : undefined;
      // A pointer left by a failed attempt, or by a post that lost its id to someone else's.
      if (!record || !owner || emailHash(owner) !== hash) leftovers.push(pointer);
      else records.push({ kind: kind!, record });
    }
    const latest = Math.max(...records.map(({ record }) => Date.parse(record.createdAt)));
    const removed: string[] = [];
    if (records.length > 0 && latest < cutoff.getTime()) {
      for (const { kind, record } of records) removed.push(...(await removeSubmission(kind, record.id, emailOf(record))));
      removed.push(...(await companions.removeWithClient(hash)));
    }
    if (orphanCutoff) {
      const old: string[] = [];
      for (const pointer of leftovers) if (writtenBefore((await blobs.getMetadata(pointer))?.metadata, orphanCutoff)) old.push(pointer);
      removed.push(...(await removeKeys(old)));
    }
    return removed;
  }

  async function purgeBatch(cutoff: Date, { orphanCutoff, after, timeUp = () => false }: PurgeOptions): Promise<PurgeBatch> {
    const units = [...(await retentionUnits())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const removed: string[] = [];
    for (const [unit, keys] of units) {
      if (after !== undefined && unit <= after) continue;
      if (timeUp()) return { removed, next: after ?? '' };
      removed.push(...(await purgeUnit(unit, keys, cutoff, orphanCutoff)));
      after = unit;
    }
    // What is kept for clients with nothing else stored (their last submission went some other way).
    removed.push(...(await companions.removeOrphans(async (hash) => (await blobs.list({ prefix: `clients/${hash}/` })).blobs.length > 0)));
    return { removed, next: null };
  }

  return {
    create: (record, email, uploads, { storedAt = record.createdAt } = {}) =>
      attempt(async () => {
        const { contentHash } = record;
        const key = recordKey(record.kind, record.id);
        // Most resends are caught here, before anything is written.
        const before = await existing(key, contentHash);
        if (before !== 'created') return before;
        const pointer = pointerKey(email, record.kind, record.id);
        await blobs.set(pointer, '', { metadata: { createdAt: record.createdAt } });
        await putUploads(uploads, record.createdAt);
        // The marker's time is when it was written: the retry job drops a marker without a record
        // only once it is older than a crash would leave it, so it must not be dated to the arrival.
        await createOnly(blobs, pendingKey(record.kind, record.id), '', { createdAt: storedAt });
        const { modified } = await createJsonOnly(blobs, key, record, { contentHash });
        if (modified) return 'created';
        // Lost a race with a post of the same id: the create-only write decided who won.
        const after = await existing(key, contentHash);
        if (after === 'conflict') {
          const winner = parsedOrThrow(key, SubmissionRecordSchema, await blobs.get(key, { type: 'json' }));
          const winnerKeys = new Set(Object.values(winner?.data ?? {}).map((value) => (value as Partial<StoredUpload> | null)?.key));
          const mine = uploads.map((u) => u.key).filter((k) => !winnerKeys.has(k));
          const owner = winner ? emailOf(winner) : undefined;
          await removeKeys([...mine, ...(owner && emailHash(owner) === emailHash(email) ? [] : [pointer])]);
        }
        return after;
      }),

    holdSpam: (record, email, files) =>
      attempt(async () => {
        if (await blobs.getMetadata(spamKey(record.id))) return { created: false };
        if (email) await blobs.set(pointerKey(email, 'spam', record.id), '', { metadata: { createdAt: record.createdAt } });
        await putUploads(files, record.createdAt);
        const { modified } = await createJsonOnly(blobs, spamKey(record.id), record);
        return { created: modified };
      }),

    getSpam: (id) => attempt(async () => parsedOrThrow(spamKey(id), SpamRecordSchema, await blobs.get(spamKey(id), { type: 'json' }))),

    listSpam: () =>
      attempt(async () => {
        const { blobs: keys } = await blobs.list({ prefix: 'spam/' });
        const held = await Promise.all(keys.map(async ({ key }) => parsedOrThrow(key, SpamRecordSchema, await blobs.get(key, { type: 'json' }))));
        return held.filter((r): r is SpamRecord => r !== null).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      }),

    deleteSpam: (id) =>
      attempt(async () => {
        const held = parsedOrThrow(spamKey(id), SpamRecordSchema, await blobs.get(spamKey(id), { type: 'json' }));
        return held ? removeSubmission('spam', id, emailOf(held)) : [];
      }),

    get: (kind, id) =>
      attempt(async () => {
        const found = await blobs.getWithMetadata(recordKey(kind, id), { type: 'json' });
        const record = found ? parsedOrThrow(recordKey(kind, id), SubmissionRecordSchema, found.data) : null;
        return found && record ? { record, etag: found.etag ?? '' } : null;
      }),

    replace: (record, etag) =>
      attempt(async () => {
        const metadata = record.contentHash ? { contentHash: record.contentHash } : {};
        const written = await replaceJsonIfMatch(blobs, recordKey(record.kind, record.id), record, etag, metadata);
        return { replaced: written.modified, etag: written.etag };
      }),

    getUpload: (key) =>
      attempt(async () => {
        const data = await blobs.get(key, { type: 'arrayBuffer' });
        return data ? new Uint8Array(data) : null;
      }),

    hasUpload: (key) => attempt(async () => (await blobs.getMetadata(key)) !== null),

    listPending: () => attempt(() => markersUnder('pending/')),

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
        removed.push(...(await companions.removeWithClient(emailHash(email))));
        return removed;
      }),

    purgeCreatedBefore: (cutoff, orphanCutoff) => attempt(async () => (await purgeBatch(cutoff, { orphanCutoff })).removed),

    purgeBatch: (cutoff, options) => (options.deadlineMs ? storeCalls(options.deadlineMs) : attempt)(() => purgeBatch(cutoff, options)),

    pendingSince: (kind, id) =>
      attempt(async () => {
        const found = await blobs.getMetadata(`pending/${kind}/${id}`);
        return typeof found?.metadata.createdAt === 'string' ? found.metadata.createdAt : null;
      }),

    getRendered: (kind, id, recipient) => attempt(async () => parsedOrThrow(renderedKey(kind, id, recipient), StoredEmailSchema, await blobs.get(renderedKey(kind, id, recipient), { type: 'json' }))),

    keepRendered: (kind, id, recipient, email) =>
      attempt(async () => {
        const key = renderedKey(kind, id, recipient);
        const { modified } = await createJsonOnly(blobs, key, email);
        return modified ? email : (parsedOrThrow(key, StoredEmailSchema, await blobs.get(key, { type: 'json' })) ?? email);
      }),

    dropRendered: (kind, id, recipient) => attempt(() => blobs.delete(renderedKey(kind, id, recipient))),

    markFailed: (kind, id) => attempt(async () => void (await blobs.set(failedKey(kind, id), ''))),

    reopenFailed: (kind, id) =>
      attempt(async () => {
        const found = await blobs.getWithMetadata(recordKey(kind, id), { type: 'json' });
        const record = parsedOrThrow(recordKey(kind, id), SubmissionRecordSchema, found?.data ?? null);
        if (!found || !record) return false;
        const failed = (Object.entries(record.notifications) as [Recipient, NotificationState][]).filter(([, state]) => state.status === 'failed');
        if (failed.length === 0) return false;
        const notifications = { ...record.notifications };
        for (const [recipient, state] of failed) {
          const { nextAttemptAt: _due, ...rest } = state;
          notifications[recipient] = { ...rest, status: 'pending' };
        }
        // The marker first, as when it was stored: a reopened record is never unknown to the retry job.
        await createOnly(blobs, pendingKey(kind, id), '', { createdAt: record.createdAt });
        const written = await replaceJsonIfMatch(blobs, recordKey(kind, id), { ...record, notifications }, found.etag ?? '', record.contentHash ? { contentHash: record.contentHash } : {});
        if (written.modified) await blobs.delete(failedKey(kind, id));
        return written.modified;
      }),

    listFailed: () => attempt(() => markersUnder('failed/')),

    markHandled: (kind, id, at) =>
      attempt(async () => {
        if (!(await blobs.getMetadata(recordKey(kind, id)))) return false;
        await createOnly(blobs, handledKey(kind, id), '', { handledAt: at.toISOString() });
        return true;
      }),

    listHandled: (kind) => attempt(async () => (await blobs.list({ prefix: `handled/${kind}/` })).blobs.map(({ key }) => key.slice(`handled/${kind}/`.length))),

    handledAt: (kind, id) =>
      attempt(async () => {
        const found = await blobs.getMetadata(handledKey(kind, id));
        return typeof found?.metadata.handledAt === 'string' ? found.metadata.handledAt : null;
      }),

    listIds: (kind) => attempt(async () => (await blobs.list({ prefix: `${kind}/` })).blobs.map(({ key }) => key.slice(kind.length + 1))),

    listClient: (hash) =>
      attempt(async () => {
        // Anything but a hash could widen the prefix to every client.
        if (!/^[0-9a-f]{32}$/.test(hash)) return [];
        const { blobs: pointers } = await blobs.list({ prefix: `clients/${hash}/` });
        return pointers.map(({ key }) => {
          const [, , kind, id] = key.split('/');
          return { kind: kind as SubmissionKind | 'spam', id: id! };
        });
      }),
  };
}
