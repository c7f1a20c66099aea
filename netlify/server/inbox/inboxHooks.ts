/**
 * Where the pipeline keeps the coach's inbox current (docs/decisions/007-inbox-index.md). The
 * index is a convenience over the records, never the record: a failed update is logged and
 * left for the retry job, `npm run reindex` or the next submission to repair, and never stops
 * a submission from being stored, answered or emailed.
 */
import type { Store } from '@netlify/blobs';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import type { Catalog } from '../catalog.ts';
import type { Logger } from '../log.ts';
import type { SubmissionStore } from '../submissions/submissionStore.ts';
import { removeFromIndex } from './inboxIndex.ts';
import { indexHeldSpam, indexSubmission } from './indexSubmission.ts';

/** The desk's store and the coach's time zone, when the pipeline keeps an inbox (always, in production). */
export interface InboxDeps {
  desk: Store;
  timeZone: string;
}

interface HookDeps {
  inbox?: InboxDeps;
  store: SubmissionStore;
  catalog: Catalog;
  log: Logger;
}

/** Lists (or refreshes) a stored submission in the inbox. */
export async function indexQuietly(deps: HookDeps, kind: SubmissionKind, id: string): Promise<void> {
  if (!deps.inbox) return;
  const done = await indexSubmission({ ...deps.inbox, store: deps.store, catalog: deps.catalog }, kind, id);
  if (!done.ok) deps.log.warn('inbox.index_failed', { kind, id, error: done.error.name });
}

/** Lists a post held as spam in the inbox. */
export async function indexHeldQuietly(deps: HookDeps, id: string): Promise<void> {
  if (!deps.inbox) return;
  const done = await indexHeldSpam({ ...deps.inbox, store: deps.store, catalog: deps.catalog }, id);
  if (!done.ok) deps.log.warn('inbox.index_failed', { kind: 'spam', id, error: done.error.name });
}

/** Takes entries out of the inbox: by store keys (`intake/<id>`, `spam/<id>`…) or every entry of one client. */
export async function unindexQuietly(deps: Pick<HookDeps, 'inbox' | 'log'>, which: { emailHash: string } | { keys: readonly string[] }): Promise<void> {
  if (!deps.inbox) return;
  const done = await removeFromIndex(deps.inbox.desk, which);
  if (!done.ok) deps.log.warn('inbox.unindex_failed', { error: done.error.name });
}
