/** The scheduled job's work: send every notification that is still pending and due. */
import { FORM_HANDLERS } from './forms/index.ts';
import { RECIPIENTS } from './emails/submissionEmails.ts';
import { deliver, isDue, type NotifyDeps } from './notify.ts';

/** A marker without a record is from a crash before the record was written; give it time, then drop it. */
const ORPHAN_MARKER_MINUTES = 15;

export interface RetrySummary {
  pending: number;
  attempted: number;
  delivered: number;
  notDue: number;
  orphansRemoved: number;
  failed: boolean;
}

export async function retryPending(deps: NotifyDeps): Promise<RetrySummary> {
  const summary: RetrySummary = { pending: 0, attempted: 0, delivered: 0, notDue: 0, orphansRemoved: 0, failed: false };
  const listed = await deps.store.listPending();
  if (!listed.ok) {
    deps.log.error('retry.list_failed', { error: listed.error.name });
    return { ...summary, failed: true };
  }
  summary.pending = listed.value.length;
  const now = deps.clock();
  for (const { kind, id } of listed.value) {
    const handler = FORM_HANDLERS[kind];
    const loaded = handler ? await deps.store.get(kind, id) : undefined;
    if (loaded && !loaded.ok) {
      summary.failed = true;
      continue;
    }
    const record = loaded?.value?.record;
    if (!handler || !record) {
      if (!handler || (await isOldMarker(deps, kind, id, now))) {
        await deps.store.clearPending(kind, id);
        summary.orphansRemoved += 1;
      }
      continue;
    }
    if (RECIPIENTS.every((r) => record.notifications[r].status === 'sent')) {
      await deps.store.clearPending(kind, id);
      continue;
    }
    if (!isDue(record, now)) {
      summary.notDue += 1;
      continue;
    }
    summary.attempted += 1;
    if (await deliver(handler, kind, id, deps)) summary.delivered += 1;
  }
  deps.log.info('retry.done', { ...summary });
  return summary;
}

async function isOldMarker(deps: NotifyDeps, kind: string, id: string, now: Date): Promise<boolean> {
  const createdAt = await deps.store.pendingSince(kind, id);
  return !createdAt || now.getTime() - Date.parse(createdAt) > ORPHAN_MARKER_MINUTES * 60_000;
}
