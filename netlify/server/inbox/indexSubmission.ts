/**
 * What the pipeline calls to keep the inbox index current: after a submission is answered (in
 * the background), and when a post is held as spam. Both read what was really stored and are
 * idempotent, so calling them again (a resend, the retry job) repairs a lost update.
 */
import type { Store } from '@netlify/blobs';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import type { Catalog } from '../catalog.ts';
import { ok, type Result } from '../result.ts';
import type { StoreError, SubmissionStore } from '../submissions/submissionStore.ts';
import { indexEntry } from './inboxEntry.ts';
import { addToIndex } from './inboxIndex.ts';

export interface IndexDeps {
  desk: Store;
  store: SubmissionStore;
  catalog: Catalog;
  /** The coach's time zone (IANA), for homework deadlines in the summary. */
  timeZone: string;
}

/** `missing`: no such record (never stored, or already erased), so there is nothing to list. */
export type Indexed = 'indexed' | 'missing';

/** Adds (or refreshes) the inbox entry of a stored submission. */
export async function indexSubmission(deps: IndexDeps, kind: SubmissionKind, id: string): Promise<Result<Indexed, StoreError>> {
  const found = await deps.store.get(kind, id);
  if (!found.ok) return found;
  if (!found.value) return ok('missing');
  const added = await addToIndex(deps.desk, indexEntry(found.value.record, deps.catalog, deps.timeZone));
  return added.ok ? ok('indexed') : added;
}

/** Adds (or refreshes) the inbox entry of a post held as spam. */
export async function indexHeldSpam(deps: IndexDeps, id: string): Promise<Result<Indexed, StoreError>> {
  const found = await deps.store.getSpam(id);
  if (!found.ok) return found;
  if (!found.value) return ok('missing');
  const added = await addToIndex(deps.desk, indexEntry(found.value, deps.catalog, deps.timeZone));
  return added.ok ? ok('indexed') : added;
}
