/**
 * What an export holds, read before the first byte is sent so a store that does not answer is
 * a plain 503 rather than a broken download: one client (their submissions, held posts, files,
 * the coach's note and the activity about them) or everything (every submission, held post,
 * note and the whole activity log; files only per client, to stay within a function's limits).
 * The records are small text; the files are read one at a time while the zip is written.
 */
import { SUBMISSION_KINDS, type SubmissionKind } from '#src/forms/kinds.ts';
import { SITE } from '#src/site.config.ts';
import type { ClientLoopSettings, LoopState, LoopStore } from '../loop/loopStore.ts';
import { gatherComments, type CommentsExport } from '../comments/commentExport.ts';
import type { CommentStore } from '../comments/commentStore.ts';
import { ok, type Result } from '../result.ts';
import { emailHash, type StoreError, type SubmissionStore } from '../submissions/submissionStore.ts';
import { type SpamRecord, type StoredUpload, type SubmissionRecord } from '../submissions/records.ts';
import { loadClient, uploadsOf } from './clientRecords.ts';
import type { AuditEntry, DeskStore, Note } from './deskStore.ts';

export type ExportScope = { client: string } | { everything: true };

export interface ExportData {
  records: SubmissionRecord[];
  held: SpamRecord[];
  notes: { client: string; note: Note }[];
  activity: AuditEntry[];
  /** Files to include, each with the record that refers to it; read one at a time as the zip reaches them. */
  uploads: { record: SubmissionRecord; upload: StoredUpload }[];
  /** Files a record refers to that are not stored (the coach's email went without them too). */
  missingUploads: { record: SubmissionRecord; upload: StoredUpload }[];
  /** Files left out to keep the download within a function's streamed limit; each can be downloaded from the client's page. */
  leftOutUploads: { record: SubmissionRecord; upload: StoredUpload }[];
  /** The homework loop: each exported commitment's reminders, check-ins and answer, and the clients' settings (reminders stopped, link version). */
  loop: { commitments: LoopState[]; clients: { client: string; settings: ClientLoopSettings }[] };
  /** Blog comments (netlify/server/comments/commentExport.ts): every one, or what the client's address sent. */
  comments?: CommentsExport;
  /** When the coach marked a record handled (ISO), by record id, for the kinds she marks (HANDLED_KINDS). */
  handled: ReadonlyMap<string, string>;
}

/** The kinds of submission the coach marks handled on the desk: their table says when. */
export const HANDLED_KINDS: ReadonlySet<SubmissionKind> = new Set(['stuck']);

/** When each handled record among these was marked handled. */
async function handledOf({ store }: Stores, records: readonly SubmissionRecord[]): Promise<Result<Map<string, string>, StoreError>> {
  const marked = records.filter((record) => HANDLED_KINDS.has(record.kind));
  const times = await inBatches(marked, (record) => store.handledAt(record.kind, record.id));
  if (!times.ok) return times;
  return ok(new Map(marked.flatMap((record, i) => (times.value[i] ? [[record.id, times.value[i]!] as const] : []))));
}

/**
 * The files one export carries at most, in bytes: Netlify streams at most 20 MB from a function,
 * and the CSV and JSON need room too. A client with more is exported without the rest, and a
 * note in the zip names them.
 */
export const EXPORT_FILES_MAX_BYTES = 15_000_000;

/** The files that fit within the cap, newest submissions first, and those that do not. */
export function withinCap<T extends { upload: StoredUpload }>(files: readonly T[], cap = EXPORT_FILES_MAX_BYTES): { included: T[]; leftOut: T[] } {
  const included: T[] = [];
  const leftOut: T[] = [];
  let total = 0;
  for (const file of files) {
    if (total + file.upload.size <= cap) {
      included.push(file);
      total += file.upload.size;
    } else leftOut.push(file);
  }
  return { included, leftOut };
}

interface Stores {
  store: SubmissionStore;
  desk: DeskStore;
  loop: LoopStore;
  /** The blog comments' store; left out, the export has no comments. */
  comments?: CommentStore;
}

/** Reads at most this many blobs at once: fast enough for a few thousand records, gentle on the store. */
const READS_AT_ONCE = 8;

async function inBatches<T, R>(items: readonly T[], read: (item: T) => Promise<Result<R, StoreError>>): Promise<Result<R[], StoreError>> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += READS_AT_ONCE) {
    const batch = await Promise.all(items.slice(i, i + READS_AT_ONCE).map(read));
    for (const result of batch) {
      if (!result.ok) return result;
      out.push(result.value);
    }
  }
  return ok(out);
}

/** Every month the activity log may still hold (it is kept as long as submissions are), newest first. */
export function auditMonths(now: Date, retentionMonths: number = SITE.retentionMonths): string[] {
  return Array.from({ length: retentionMonths + 2 }, (_, back) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7));
}

async function allRecords({ store }: Stores): Promise<Result<SubmissionRecord[], StoreError>> {
  const records: SubmissionRecord[] = [];
  for (const kind of Object.keys(SUBMISSION_KINDS) as SubmissionKind[]) {
    const ids = await store.listIds(kind);
    if (!ids.ok) return ids;
    const loaded = await inBatches(ids.value, (id) => store.get(kind, id));
    if (!loaded.ok) return loaded;
    for (const found of loaded.value) if (found) records.push(found.record);
  }
  return ok(records);
}

async function notesOf({ desk }: Stores, clients: readonly string[]): Promise<Result<ExportData['notes'], StoreError>> {
  const loaded = await inBatches(clients, async (client) => {
    const note = await desk.getNote(client);
    return note.ok ? ok(note.value ? [{ client, note: note.value }] : []) : note;
  });
  return loaded.ok ? ok(loaded.value.flat()) : loaded;
}

/** The loop of every commitment among the records, and the settings of their clients that differ from a new client's. */
async function loopOf({ loop: loops }: Stores, records: readonly SubmissionRecord[], clients: readonly string[]): Promise<Result<ExportData['loop'], StoreError>> {
  const states = await inBatches(records.filter((r) => r.kind === 'commitment'), async (record) => {
    const found = await loops.get(record.id);
    return found.ok ? ok(found.value ? [found.value.state] : []) : found;
  });
  if (!states.ok) return states;
  const settings = await inBatches([...new Set(clients)], async (client) => {
    const found = await loops.getClient(client);
    if (!found.ok) return found;
    // A client who never changed anything has no settings stored: the defaults say nothing about them.
    return ok(found.value.stoppedAt === undefined && found.value.linkVersion === 1 ? [] : [{ client, settings: found.value }]);
  });
  if (!settings.ok) return settings;
  return ok({ commitments: states.value.flat(), clients: settings.value.flat() });
}

export async function gatherExport(stores: Stores, scope: ExportScope, now: Date): Promise<Result<ExportData, StoreError>> {
  const data = await gatherSubmissions(stores, scope, now);
  if (!data.ok || !stores.comments) return data;
  const comments = await gatherComments(stores.comments, scope);
  return comments.ok ? ok({ ...data.value, comments: comments.value }) : comments;
}

async function gatherSubmissions(stores: Stores, scope: ExportScope, now: Date): Promise<Result<ExportData, StoreError>> {
  const activity = await stores.desk.listAudit(auditMonths(now), Number.POSITIVE_INFINITY);
  if (!activity.ok) return activity;
  if ('client' in scope) {
    const client = await loadClient(stores.store, scope.client);
    if (!client.ok) return client;
    const notes = await notesOf(stores, [scope.client]);
    if (!notes.ok) return notes;
    const { records, held } = client.value;
    const files = records.flatMap((record) => uploadsOf(record).map((upload) => ({ record, upload })));
    const stored = await inBatches(files, async (file) => {
      const found = await stores.store.hasUpload(file.upload.key);
      return found.ok ? ok(found.value) : found;
    });
    if (!stored.ok) return stored;
    const { included, leftOut } = withinCap(files.filter((_, i) => stored.value[i]));
    const handled = await handledOf(stores, records);
    if (!handled.ok) return handled;
    const loop = await loopOf(stores, records, [scope.client]);
    if (!loop.ok) return loop;
    return ok({
      handled: handled.value,
      loop: loop.value,
      records,
      held,
      notes: notes.value,
      activity: activity.value.filter((entry) => entry.client === scope.client),
      uploads: included,
      missingUploads: files.filter((_, i) => !stored.value[i]),
      leftOutUploads: leftOut,
    });
  }
  const records = await allRecords(stores);
  if (!records.ok) return records;
  const held = await stores.store.listSpam();
  if (!held.ok) return held;
  const clients = await stores.desk.listNotes();
  if (!clients.ok) return clients;
  const notes = await notesOf(stores, clients.value);
  if (!notes.ok) return notes;
  const handled = await handledOf(stores, records.value);
  if (!handled.ok) return handled;
  const commitmentClients = records.value.filter((r) => r.kind === 'commitment' && typeof r.data.email === 'string').map((r) => emailHash(r.data.email as string));
  const loop = await loopOf(stores, records.value, commitmentClients);
  if (!loop.ok) return loop;
  return ok({ handled: handled.value, loop: loop.value, records: records.value, held: held.value, notes: notes.value, activity: activity.value, uploads: [], missingUploads: [], leftOutUploads: [] });
}
