/**
 * The inbox index in the desk store: one JSON blob per UTC month of arrival,
 *
 *   index/<YYYY-MM>   { entries: InboxEntry[] }, newest first
 *
 * changed only by compare-and-swap, so writers that race never lose each other's entries
 * (docs/decisions/007-inbox-index.md).
 */
import type { Store } from '@netlify/blobs';
import * as z from 'zod/mini';
import { untimedCall } from '../storeCall.ts';
import { orThrow, readJson, updateJson } from '../storeJson.ts';
import { InboxEntrySchema, type InboxEntry } from './inboxEntry.ts';

export const INDEX_PREFIX = 'index/';
const MONTH_KEY = /^index\/\d{4}-\d{2}$/;

/** The month blob an entry belongs in: the UTC month of its arrival. */
export const monthKey = (createdAt: string) => `${INDEX_PREFIX}${new Date(createdAt).toISOString().slice(0, 7)}`;

export interface MonthBlob {
  entries: InboxEntry[];
}

const MonthBlobSchema: z.ZodMiniType<MonthBlob> = z.object({ entries: z.array(InboxEntrySchema) });

/** Newest first; equal times in a fixed order, so pages never shuffle. */
export function newestFirst(a: InboxEntry, b: InboxEntry): number {
  return b.createdAt.localeCompare(a.createdAt) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id);
}

/** Every month in the index, newest first: a list of a few dozen keys, however many entries they hold. */
export async function listMonths(desk: Store): Promise<string[]> {
  const { blobs } = await desk.list({ prefix: INDEX_PREFIX });
  return blobs.map((blob) => blob.key).filter((key) => MONTH_KEY.test(key)).sort().reverse();
}

/** One month's entries, newest first; none if the month has no blob. */
export async function readMonth(desk: Store, key: string): Promise<InboxEntry[]> {
  const month = orThrow(await readJson(desk, key, MonthBlobSchema, { call: untimedCall }));
  return (month?.entries ?? []).sort(newestFirst);
}

/** Every try of a compare-and-swap lost to another writer (the name of the error thrown). */
export const INDEX_CONTENTION = 'IndexContention';

/**
 * Enough for dozens of writers on one month at once: each round one of them wins, and the
 * random waits, growing up to a second, spread the rest out.
 */
const ATTEMPTS = 40;
const BASE_WAIT_MS = 10;
const MAX_WAIT_MS = 1000;
const jitteredWait = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_WAIT_MS, BASE_WAIT_MS * 2 ** attempt)));

const NO_MONTH: MonthBlob = { entries: [] };

/**
 * Changes one month's entries by compare-and-swap (storeJson's updateJson): read it with its
 * etag, apply `change`, and write only if nobody wrote since (create-only if the month is new);
 * after a lost race, wait a random while and start again from a fresh read. Its calls have no
 * deadline of their own: the callers guard the whole. `change` may be
 * called several times, always with the entries as they are now, and returns null when there is
 * nothing to write. Throws (IndexContention, MissingEtag, MalformedRecord, a store error) when it
 * cannot.
 */
export async function updateMonth(desk: Store, key: string, change: (entries: InboxEntry[]) => InboxEntry[] | null): Promise<void> {
  orThrow(
    await updateJson(
      desk,
      key,
      MonthBlobSchema,
      (month) => {
        const entries = change(month.entries.slice());
        return entries === null ? null : { entries: entries.sort(newestFirst) };
      },
      { call: untimedCall, initial: NO_MONTH, tries: ATTEMPTS, waitAfter: jitteredWait, contended: INDEX_CONTENTION },
    ),
  );
}
