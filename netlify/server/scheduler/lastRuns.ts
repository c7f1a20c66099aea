/**
 * When each daily task last finished, so a missed run is caught up once and a run that comes
 * on time does not repeat it: one small blob per task in the desk store,
 *
 *   scheduler/last-run/<task>    { at: the moment of the run that finished it (ISO) }
 *
 * No personal data. Two overlapping runs may both write; either time will do, because what
 * the task sends is keyed for its day (the idempotency key), not by this record.
 */
import type { Store } from '@netlify/blobs';
import { ok, type Result } from '../result.ts';
import { storeCalls, type StoreError } from '../storeCall.ts';

export const LAST_RUN_PREFIX = 'scheduler/last-run/';

export interface LastRuns {
  /** When the task last finished; undefined if never (or the record is unreadable as a time). */
  get(task: string): Promise<Result<Date | undefined, StoreError>>;
  set(task: string, at: Date): Promise<Result<void, StoreError>>;
}

export function createLastRuns(blobs: Store, { deadlineMs }: { deadlineMs?: number } = {}): LastRuns {
  const attempt = storeCalls(deadlineMs);
  return {
    async get(task) {
      const read = await attempt(() => blobs.get(`${LAST_RUN_PREFIX}${task}`, { type: 'json' }) as Promise<{ at?: unknown } | null>);
      if (!read.ok) return read;
      const at = typeof read.value?.at === 'string' ? new Date(read.value.at) : undefined;
      return ok(at && !Number.isNaN(at.getTime()) ? at : undefined);
    },
    set: (task, at) => attempt(async () => void (await blobs.setJSON(`${LAST_RUN_PREFIX}${task}`, { at: at.toISOString() }))),
  };
}
