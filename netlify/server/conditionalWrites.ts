/**
 * Create-only and compare-and-swap writes to Netlify Blobs that fail when the store fails.
 *
 * `@netlify/blobs` (11.x) answers a conditional write (`onlyIfNew`, `onlyIfMatch`) with
 * `{ modified: status !== 412 }`, whatever the status: a 503 after its retries reads as
 * "written". Left alone, a store outage at the record write told the client "thank you" for
 * answers that were never stored. A real write always returns the new ETag, so a "modified"
 * write without one is turned into the failure it was. (See `Store.set` in
 * node_modules/@netlify/blobs/dist/main.js; tests/integration/writeOrder.test.ts proves it.)
 */
import type { Store } from '@netlify/blobs';

export class ConditionalWriteFailed extends Error {
  override name = 'ConditionalWriteFailed';
}

type Metadata = Record<string, unknown>;

function checked(written: { modified: boolean; etag?: string }): { modified: boolean; etag: string } {
  if (written.modified && !written.etag) throw new ConditionalWriteFailed();
  return { modified: written.modified, etag: written.etag ?? '' };
}

/** Writes JSON only if the key is new; `modified: false` when it already existed. Throws if the store failed. */
export async function createJsonOnly(store: Store, key: string, value: unknown, metadata?: Metadata) {
  return checked(await store.setJSON(key, value, { onlyIfNew: true, ...(metadata ? { metadata } : {}) }));
}

/** Writes data only if the key is new; `modified: false` when it already existed. Throws if the store failed. */
export async function createOnly(store: Store, key: string, value: string | Blob, metadata?: Metadata) {
  return checked(await store.set(key, value, { onlyIfNew: true, ...(metadata ? { metadata } : {}) }));
}

/** Replaces JSON only if it is unchanged since `etag`; `modified: false` when someone else wrote first. Throws if the store failed. */
export async function replaceJsonIfMatch(store: Store, key: string, value: unknown, etag: string, metadata?: Metadata) {
  return checked(await store.setJSON(key, value, { onlyIfMatch: etag, ...(metadata ? { metadata } : {}) }));
}
