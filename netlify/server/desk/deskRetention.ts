/**
 * Retention for what the desk keeps about clients: a note goes once nothing else of its client
 * is stored (their submissions all passed the retention period, or were erased without it).
 */
import { ok, type Result } from '../result.ts';
import type { StoreError, SubmissionStore } from '../submissions/submissionStore.ts';
import type { DeskStore } from './deskStore.ts';

/** Deletes notes on clients with no pointer left; returns the keys removed. */
export async function purgeOrphanNotes({ store, desk }: { store: SubmissionStore; desk: DeskStore }): Promise<Result<string[], StoreError>> {
  const clients = await desk.listNotes();
  if (!clients.ok) return clients;
  const removed: string[] = [];
  for (const client of clients.value) {
    const left = await store.listClient(client);
    if (!left.ok) return left;
    if (left.value.length > 0) continue;
    const deleted = await desk.deleteNote(client);
    if (!deleted.ok) return deleted;
    removed.push(...deleted.value);
  }
  return ok(removed);
}
