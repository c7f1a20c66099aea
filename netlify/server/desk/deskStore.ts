/**
 * What the coach's desk keeps of its own, in the `desk` blob store, and the only module that
 * knows that layout (the inbox index has its own module, inboxIndex.ts):
 *
 *   sessions/<sid>                       a signed-in session: { createdAt, expiresAt }; no personal data
 *   sign-in-links/<lid>                  a sign-in link that was issued (by email or `npm run coach:link`)
 *   sign-in-sent/<hour>/[known-]<slot>   one of the hour's few sign-in email slots, taken create-only
 *                                        (`known-`: for browsers that signed in before, a cap of their own)
 *   audit/<YYYY-MM>/<time>-<random>[.c-<code>]  one action the coach took; clients named by their email hash
 *   notes/<email-hash>                   the coach's private note on a client: { text, updatedAt }
 *
 * Sessions, issued links and send counters expire and are purged by retention; the audit log
 * names no one by address, is kept as long as submissions are, and loses a client's hash on erase.
 * A note goes with its client: on erase, and by retention once nothing else of theirs is left.
 * Which store and prefix each of erase, retention and export covers: storageOwners.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '@netlify/blobs';
import { createJsonOnly } from '../conditionalWrites.ts';
import type { Result } from '../result.ts';
import * as z from 'zod/mini';
import { storeCalls, untimedCall, type StoreError } from '../storeCall.ts';
import { orThrow, readJson, type RecordSchema } from '../storeJson.ts';

export const DESK_STORE = 'desk';

export interface Session {
  createdAt: string;
  expiresAt: string;
}

export interface AuditEntry {
  at: string;
  /** What was done: sign-in, sign-out, read, release, delete-spam, send-now, export, erase, note, send-reading… */
  action: string;
  /** The client concerned, by email hash (never the address). */
  client?: string;
  /** A submission or held post concerned, e.g. "intake/<id>". */
  subject?: string;
}

export interface Note {
  text: string;
  updatedAt: string;
}

/** The desk's records as stored, checked on every read. */
const SessionSchema: RecordSchema<Session> = z.object({ createdAt: z.string(), expiresAt: z.string() });
const AuditEntrySchema: RecordSchema<AuditEntry> = z.object({ at: z.string(), action: z.string(), client: z.optional(z.string()), subject: z.optional(z.string()) });
const NoteSchema: RecordSchema<Note> = z.object({ text: z.string(), updatedAt: z.string() });

export interface DeskStore {
  createSession(sid: string, session: Session): Promise<Result<boolean, StoreError>>;
  getSession(sid: string): Promise<Result<Session | null, StoreError>>;
  endSession(sid: string): Promise<Result<void, StoreError>>;
  issueSignInLink(lid: string, expiresAt: Date): Promise<Result<void, StoreError>>;
  isIssuedSignInLink(lid: string): Promise<Result<boolean, StoreError>>;
  /**
   * Takes one of the hour's `cap` sign-in email slots, create-only, so requests at the same
   * moment cannot all count the same total; false when every slot of this UTC hour is taken.
   * Browsers that signed in before draw on a cap of their own (`known`), which strangers cannot spend.
   */
  claimSignInEmail(now: Date, cap: number, bucket?: 'new' | 'known'): Promise<Result<boolean, StoreError>>;
  audit(entry: AuditEntry): Promise<Result<void, StoreError>>;
  /** The newest audit entries first, from the given months (YYYY-MM), at most `limit`. */
  listAudit(months: string[], limit: number): Promise<Result<AuditEntry[], StoreError>>;
  /** Deletes sessions, issued links and send counters that ended before `now`, and audit entries older than `auditCutoff`. */
  purge(now: Date, auditCutoff: Date): Promise<Result<string[], StoreError>>;
  /** Removes a client's hash from the audit log (the entries stay, naming no one). */
  forgetClient(emailHash: string): Promise<Result<string[], StoreError>>;
  getNote(emailHash: string): Promise<Result<Note | null, StoreError>>;
  setNote(emailHash: string, note: Note): Promise<Result<void, StoreError>>;
  /** Returns the key removed, if there was a note. */
  deleteNote(emailHash: string): Promise<Result<string[], StoreError>>;
  /** The email hash of every client with a note. */
  listNotes(): Promise<Result<string[], StoreError>>;
}

const noteKey = (emailHash: string) => `notes/${emailHash}`;

const hourOf = (now: Date) => now.toISOString().slice(0, 13);

/** Audit keys end with a short code of the client they concern, so erase finds them without reading the whole log. */
const CLIENT_TAG = '.c-';
const clientTag = (emailHash: string) => `${CLIENT_TAG}${emailHash.slice(0, 16)}`;
/** `audit/<month>/<time>-<random>[.c-<code>]`; `name` keeps an entry's own name when it is rewritten. */
function auditKey(entry: AuditEntry, name = `${entry.at}-${randomBytes(4).toString('hex')}`): string {
  const client = entry.client && entry.client !== 'erased' ? clientTag(entry.client) : '';
  return `audit/${entry.at.slice(0, 7)}/${name}${client}`;
}

export function createDeskStore(blobs: Store, { deadlineMs }: { deadlineMs?: number } = {}): DeskStore {
  const attempt = storeCalls(deadlineMs);
  /** One record, parsed with its schema, inside a call already under the deadline; a malformed one throws, naming its key. */
  const read = async <T>(key: string, schema: RecordSchema<T>) => orThrow(await readJson(blobs, key, schema, { call: untimedCall }));
  /** Reads entries a few at a time, in order: the log can be long, and one call at a time would not fit a deadline. */
  const readAll = async (keys: string[]): Promise<AuditEntry[]> => {
    const entries: AuditEntry[] = [];
    for (let i = 0; i < keys.length; i += 16) {
      const batch = await Promise.all(keys.slice(i, i + 16).map((key) => read(key, AuditEntrySchema)));
      entries.push(...batch.filter((entry): entry is AuditEntry => entry !== null));
    }
    return entries;
  };
  const expiredKeys = async (prefix: string, now: Date) => {
    const { blobs: keys } = await blobs.list({ prefix });
    const expired: string[] = [];
    for (const { key } of keys) {
      const found = await blobs.getMetadata(key);
      const expiresAt = found?.metadata.expiresAt;
      if (typeof expiresAt !== 'string' || Date.parse(expiresAt) < now.getTime()) expired.push(key);
    }
    return expired;
  };

  return {
    createSession: (sid, session) => attempt(async () => (await createJsonOnly(blobs, `sessions/${sid}`, session, { expiresAt: session.expiresAt })).modified),
    getSession: (sid) => attempt(() => read(`sessions/${sid}`, SessionSchema)),
    endSession: (sid) => attempt(() => blobs.delete(`sessions/${sid}`)),
    issueSignInLink: (lid, expiresAt) =>
      attempt(async () => void (await createJsonOnly(blobs, `sign-in-links/${lid}`, {}, { expiresAt: expiresAt.toISOString() }))),
    isIssuedSignInLink: (lid) => attempt(async () => (await blobs.getMetadata(`sign-in-links/${lid}`)) !== null),
    claimSignInEmail: (now, cap, bucket = 'new') =>
      attempt(async () => {
        const expiresAt = new Date(now.getTime() + 2 * 3600_000).toISOString();
        for (let slot = 1; slot <= cap; slot++) {
          if ((await createJsonOnly(blobs, `sign-in-sent/${hourOf(now)}/${bucket === 'known' ? 'known-' : ''}${slot}`, {}, { expiresAt })).modified) return true;
        }
        return false;
      }),
    audit: (entry) =>
      attempt(async () => {
        await createJsonOnly(blobs, auditKey(entry), entry, { at: entry.at });
      }),
    listAudit: (months, limit) =>
      attempt(async () => {
        const entries: AuditEntry[] = [];
        for (const month of [...months].sort().reverse()) {
          const { blobs: keys } = await blobs.list({ prefix: `audit/${month}/` });
          const newest = keys.map((k) => k.key).sort().reverse().slice(0, limit - entries.length);
          entries.push(...(await readAll(newest)));
          if (entries.length >= limit) break;
        }
        return entries;
      }),
    purge: (now, auditCutoff) =>
      attempt(async () => {
        const removed = [
          ...(await expiredKeys('sessions/', now)),
          ...(await expiredKeys('sign-in-links/', now)),
          ...(await expiredKeys('sign-in-sent/', now)),
        ];
        const { blobs: audit } = await blobs.list({ prefix: 'audit/' });
        for (const { key } of audit) if (key.split('/')[2]! < auditCutoff.toISOString()) removed.push(key);
        for (const key of removed) await blobs.delete(key);
        return removed;
      }),
    forgetClient: (emailHash) =>
      attempt(async () => {
        // The key names the client's code, so only their entries are read (the log grows with every page view).
        const { blobs: audit } = await blobs.list({ prefix: 'audit/' });
        const changed: string[] = [];
        for (const { key } of audit.filter(({ key }) => key.endsWith(clientTag(emailHash)))) {
          const entry = await read(key, AuditEntrySchema);
          if (entry?.client !== emailHash) continue;
          const { client: _forgotten, ...rest } = entry;
          const forgotten = { ...rest, client: 'erased' };
          await blobs.setJSON(auditKey(forgotten, key.slice(key.lastIndexOf('/') + 1, key.indexOf(CLIENT_TAG, key.lastIndexOf('/')))), forgotten);
          await blobs.delete(key);
          changed.push(key);
        }
        return changed;
      }),
    getNote: (emailHash) => attempt(async () => read(noteKey(emailHash), NoteSchema)),
    setNote: (emailHash, note) => attempt(async () => void (await blobs.setJSON(noteKey(emailHash), note))),
    deleteNote: (emailHash) =>
      attempt(async () => {
        if (!(await blobs.getMetadata(noteKey(emailHash)))) return [];
        await blobs.delete(noteKey(emailHash));
        return [noteKey(emailHash)];
      }),
    listNotes: () => attempt(async () => (await blobs.list({ prefix: 'notes/' })).blobs.map(({ key }) => key.slice('notes/'.length))),
  };
}
