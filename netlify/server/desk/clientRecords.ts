/**
 * One client as the desk sees them: their submissions and held posts, found through their
 * pointers (`clients/<hash>/…`), and the only way the desk reaches a stored file: through the
 * record that refers to it, so no request can name an arbitrary key.
 */
import { SUBMISSION_KINDS, type SubmissionKind } from '#src/forms/kinds.ts';
import { isStoredUpload } from '../emails/fieldsTable.ts';
import { ok, type Result } from '../result.ts';
import type { SpamRecord, StoredUpload, SubmissionRecord } from '../submissions/records.ts';
import type { StoreError, SubmissionStore } from '../submissions/submissionStore.ts';

/** An email hash as `emailHash()` writes it: the only client code the desk accepts. */
export const CLIENT_HASH = /^[0-9a-f]{32}$/;

export interface ClientRecords {
  /** Stored submissions, newest first. */
  records: SubmissionRecord[];
  /** Posts from this address held as spam, newest first: never judged, never emailed. */
  held: SpamRecord[];
}

const newestFirst = (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt);

/** Everything stored from one client; pointers whose record is gone (a failed attempt, a release) are passed over. */
export async function loadClient(store: SubmissionStore, hash: string): Promise<Result<ClientRecords, StoreError>> {
  const pointers = await store.listClient(hash);
  if (!pointers.ok) return pointers;
  const records: SubmissionRecord[] = [];
  const held: SpamRecord[] = [];
  for (const { kind, id } of pointers.value) {
    if (kind === 'spam') {
      const found = await store.getSpam(id);
      if (!found.ok) return found;
      if (found.value) held.push(found.value);
    } else if (Object.hasOwn(SUBMISSION_KINDS, kind)) {
      const found = await store.get(kind, id);
      if (!found.ok) return found;
      if (found.value) records.push(found.value.record);
    }
  }
  return ok({ records: records.sort(newestFirst), held: held.sort(newestFirst) });
}

/** The files a record refers to, in the order of its fields. */
export function uploadsOf(record: SubmissionRecord): StoredUpload[] {
  return Object.values(record.data).filter(isStoredUpload);
}

/** `uploads/<id>/<field>-<digest>`: the id names the record that may refer to it. */
const UPLOAD_KEY = /^uploads\/([0-9a-f-]{36})\/[A-Za-z0-9_]+-[0-9a-f]{16}$/;

/**
 * The stored record that refers to this upload key, and the file as it refers to it; null for
 * any key no record refers to, held posts' files included (they were never judged).
 */
export async function findUpload(store: SubmissionStore, key: string): Promise<Result<{ record: SubmissionRecord; upload: StoredUpload } | null, StoreError>> {
  const id = UPLOAD_KEY.exec(key)?.[1];
  if (!id) return ok(null);
  for (const kind of Object.keys(SUBMISSION_KINDS) as SubmissionKind[]) {
    const found = await store.get(kind, id);
    if (!found.ok) return found;
    const upload = found.value ? uploadsOf(found.value.record).find((u) => u.key === key) : undefined;
    if (found.value && upload) return ok({ record: found.value.record, upload });
  }
  return ok(null);
}
