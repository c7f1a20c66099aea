/**
 * Rebuilds the inbox index from the records themselves (`npm run reindex`): for when an update
 * was lost, or the entry format changed. Reads every record, which is fine for a command and
 * never done on a page view. Keeps what the coach marked read, and never drops an entry for a
 * submission that arrived while it ran.
 */
import type { Store } from '@netlify/blobs';
import { SUBMISSION_KINDS, type SubmissionKind } from '#src/forms/kinds.ts';
import type { Catalog } from '../catalog.ts';
import { errorName, fail, ok, type Result } from '../result.ts';
import type { StoreError, SubmissionStore } from '../submissions/submissionStore.ts';
import { entryKey, indexEntry, type InboxEntry } from './inboxEntry.ts';
import { listMonths, monthKey, readMonth, updateMonth } from './monthBlobs.ts';

export interface ReindexReport {
  months: number;
  entries: number;
  /** Entries whose record no longer exists. */
  dropped: number;
}

/** Records read at once: enough to hide the round trips, few enough to be kind to the store. */
const READS_AT_ONCE = 8;

/** Carries the submission store's error name out of the loops below. */
class StoreUnavailable extends Error {
  constructor(name: string) {
    super(name);
    this.name = name;
  }
}

function unwrap<T>(result: Result<T, StoreError>): T {
  if (!result.ok) throw new StoreUnavailable(result.error.name);
  return result.value;
}

async function inChunks<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += READS_AT_ONCE) await Promise.all(items.slice(start, start + READS_AT_ONCE).map(work));
}

/** Every record's and held post's entry, by month. */
async function entriesFromRecords(submissions: SubmissionStore, catalog: Catalog, timeZone: string): Promise<Map<string, InboxEntry[]>> {
  const months = new Map<string, InboxEntry[]>();
  const add = (entry: InboxEntry) => months.set(monthKey(entry.createdAt), [...(months.get(monthKey(entry.createdAt)) ?? []), entry]);
  for (const kind of Object.keys(SUBMISSION_KINDS) as SubmissionKind[]) {
    await inChunks(unwrap(await submissions.listIds(kind)), async (id) => {
      const found = unwrap(await submissions.get(kind, id));
      if (found) add(indexEntry(found.record, catalog, timeZone));
    });
  }
  for (const held of unwrap(await submissions.listSpam())) add(indexEntry(held, catalog, timeZone));
  return months;
}

/** Whether the record behind an entry exists now. */
async function recordExists(submissions: SubmissionStore, entry: InboxEntry): Promise<boolean> {
  return entry.kind === 'spam' ? unwrap(await submissions.getSpam(entry.id)) !== null : unwrap(await submissions.get(entry.kind, entry.id)) !== null;
}

export async function reindex(submissions: SubmissionStore, desk: Store, catalog: Catalog, timeZone: string): Promise<Result<ReindexReport, StoreError>> {
  try {
    const rebuilt = await entriesFromRecords(submissions, catalog, timeZone);
    const months = [...new Set([...rebuilt.keys(), ...(await listMonths(desk))])].sort();
    const report: ReindexReport = { months: 0, entries: 0, dropped: 0 };
    for (const month of months) {
      const fresh = rebuilt.get(month) ?? [];
      const freshKeys = new Set(fresh.map(entryKey));
      // Entries the records did not give: a submission that arrived during the scan (kept), or a record that is gone (dropped).
      const gone = new Set<string>();
      for (const entry of await readMonth(desk, month)) {
        if (!freshKeys.has(entryKey(entry)) && !(await recordExists(submissions, entry))) gone.add(entryKey(entry));
      }
      let kept: InboxEntry[] = [];
      await updateMonth(desk, month, (entries) => {
        const wasRead = new Set(entries.filter((e) => e.read).map(entryKey));
        const arrived = entries.filter((e) => !freshKeys.has(entryKey(e)) && !gone.has(entryKey(e)));
        kept = [...fresh.map((e) => ({ ...e, read: wasRead.has(entryKey(e)) })), ...arrived];
        return kept;
      });
      report.months += 1;
      report.entries += kept.length;
      report.dropped += gone.size;
    }
    return ok(report);
  } catch (error) {
    return fail({ name: errorName(error) });
  }
}
