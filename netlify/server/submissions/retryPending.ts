/** The scheduler's retry task: send every notification that is still pending and due. */
import { indexQuietly, type InboxDeps } from '../inbox/inboxHooks.ts';
import { handlerOf, type FormHandlers } from './forms/index.ts';
import { storedRecordFor } from './forms/storedRecord.ts';
import { deliver, isDue, settle, type NotifyDeps } from './notify.ts';
import { createBudget, RUN_BUDGET_MS, type Budget } from '../budget.ts';

/** A marker without a record is from a crash before the record was written; give it time, then drop it. */
const ORPHAN_MARKER_MINUTES = 15;

export interface RetrySummary {
  pending: number;
  attempted: number;
  delivered: number;
  notDue: number;
  /** Left for the next run: the paced sender had no room, or the run's time was up. */
  deferred: number;
  orphansRemoved: number;
  /** Whether the store failed somewhere; what it could not do is left for the next run. */
  failed: boolean;
}

/** What the retry job needs: the pipeline's parts, and the forms' handlers with their steps after storing (app/formHandlers.ts). */
export type RetryDeps = NotifyDeps & { inbox?: InboxDeps; handlers: FormHandlers };

/**
 * One pass, at the scheduled run's moment and within its budget (netlify/server/scheduler/).
 * Called on its own, it takes the deps' clock for both.
 */
export async function retryPending(
  deps: RetryDeps,
  { now = deps.clock(), budget = createBudget(RUN_BUDGET_MS, () => deps.clock().getTime()) }: { now?: Date; budget?: Budget } = {},
): Promise<RetrySummary> {
  const summary: RetrySummary = { pending: 0, attempted: 0, delivered: 0, notDue: 0, deferred: 0, orphansRemoved: 0, failed: false };
  const listed = await deps.store.listPending();
  if (!listed.ok) {
    deps.log.error('retry.list_failed', { error: listed.error.name });
    return { ...summary, failed: true };
  }
  summary.pending = listed.value.length;
  let full = false;
  for (const { kind, id } of listed.value) {
    const handler = handlerOf(deps.handlers, kind);
    const loaded = handler ? await deps.store.get(kind, id) : undefined;
    if (loaded && !loaded.ok) {
      summary.failed = true;
      continue;
    }
    const record = loaded?.value?.record;
    if (!handler || !record) {
      const orphan = handler ? await isOldMarker(deps, kind, id, now) : true;
      if (orphan === null) summary.failed = true;
      else if (orphan) {
        await deps.store.clearPending(kind, id);
        summary.orphansRemoved += 1;
      }
      continue;
    }
    if (!isDue(record, now)) {
      // Nothing pending is due; one with nothing pending at all only needs tidying up.
      // A record of another kind than its key says is left for a person, as deliver leaves it.
      const typed = storedRecordFor(handler, record);
      if (!typed || !(await settle(handler, typed, deps))) summary.notDue += 1;
      continue;
    }
    if (full || !budget.hasTime()) {
      summary.deferred += 1;
      continue;
    }
    const outcome = await deliver(handler, id, deps);
    // Refreshes the inbox entry: repairs a lost update, and shows what this attempt changed.
    await indexQuietly({ ...deps, catalog: deps.email.catalog }, kind, id);
    if (outcome === 'deferred') {
      // The sender is paused or full: the rest waits for the next run rather than for it.
      full = true;
      summary.deferred += 1;
      continue;
    }
    summary.attempted += 1;
    if (outcome === 'done') summary.delivered += 1;
  }
  deps.log.info('retry.done', { ...summary });
  return summary;
}

/** Whether a marker has outlived its grace period; null when the store could not say. */
async function isOldMarker(deps: NotifyDeps, kind: string, id: string, now: Date): Promise<boolean | null> {
  const since = await deps.store.pendingSince(kind, id);
  if (!since.ok) {
    deps.log.warn('retry.marker_unreadable', { kind, id, error: since.error.name });
    return null;
  }
  return !since.value || now.getTime() - Date.parse(since.value) > ORPHAN_MARKER_MINUTES * 60_000;
}
