/**
 * The coach's inbox over the index in the desk store (monthBlobs.ts): every submission and
 * held post, newest first, read one month at a time from the newest until a page is full, so
 * a page view costs a list of month keys and a read or two, however many submissions are
 * stored. Entries are added after a submission is answered, changed when the coach reads
 * one, and removed by erase and retention; `npm run reindex` rebuilds them from the records.
 * docs/decisions/007-inbox-index.md
 */
import type { Store } from '@netlify/blobs';
import { errorName, fail, ok, type Result } from '../result.ts';
import type { StoreError } from '../submissions/submissionStore.ts';
import { entryKey, type InboxEntry, type InboxKind } from './inboxEntry.ts';
import { listMonths, monthKey, readMonth, updateMonth } from './monthBlobs.ts';

/**
 * `pending`: an email about it is not sent yet; `flagged`: it carries a reason to look twice;
 * `spam`: held, never emailed. Every entry is also either `new` or `read`.
 */
export type InboxState = 'new' | 'read' | 'pending' | 'spam' | 'flagged';

export interface InboxItem extends InboxEntry {
  /** Every state that applies, the one to show first leading: spam, pending, flagged, then new or read. */
  states: InboxState[];
  state: InboxState;
}

export interface InboxQuery {
  /** From 1. */
  page?: number;
  pageSize?: number;
  kind?: InboxKind;
  state?: InboxState;
  /** Part of a name (any case) or of an email address. */
  query?: string;
}

export interface InboxPage {
  entries: InboxItem[];
  page: number;
  pageSize: number;
  hasMore: boolean;
  /** How many entries match in all, when finding the page meant reading every month anyway. */
  total?: number;
}

export const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

async function guarded<T>(work: () => Promise<T>): Promise<Result<T, StoreError>> {
  try {
    return ok(await work());
  } catch (error) {
    return fail({ name: errorName(error) });
  }
}

/**
 * Adds an entry to its month, or replaces the one with the same kind and id (indexing the
 * same submission twice changes nothing), keeping it read if the coach had read it.
 */
export function addToIndex(desk: Store, entry: InboxEntry): Promise<Result<void, StoreError>> {
  return guarded(() =>
    updateMonth(desk, monthKey(entry.createdAt), (entries) => {
      const at = entries.findIndex((e) => entryKey(e) === entryKey(entry));
      if (at === -1) return [...entries, entry];
      const merged = { ...entry, read: entries[at]!.read || entry.read };
      if (JSON.stringify(merged) === JSON.stringify(entries[at])) return null;
      entries[at] = merged;
      return entries;
    }),
  );
}

/** Marks one entry read (or new again); false if the index has no such entry. */
export function markRead(desk: Store, kind: InboxKind, id: string, createdAt: string, read = true): Promise<Result<boolean, StoreError>> {
  return guarded(async () => {
    let found = false;
    await updateMonth(desk, monthKey(createdAt), (entries) => {
      const at = entries.findIndex((e) => e.kind === kind && e.id === id);
      found = at !== -1;
      if (!found || entries[at]!.read === read) return null;
      entries[at] = { ...entries[at]!, read };
      return entries;
    });
    return found;
  });
}

/**
 * Removes a client's entries (erase: by the hash of their email) or the entries of removed
 * records (retention, deleting held spam: the keys the submission store says it removed, of
 * which only `<kind>/<id>` keys matter). Returns the `<kind>/<id>` of each entry removed.
 */
export function removeFromIndex(desk: Store, which: { emailHash: string } | { keys: readonly string[] }): Promise<Result<string[], StoreError>> {
  const keys = 'keys' in which ? new Set(which.keys) : undefined;
  const hash = 'emailHash' in which ? which.emailHash : '';
  const goes = (entry: InboxEntry) => (keys ? keys.has(entryKey(entry)) : hash !== '' && entry.emailHash === hash);
  return guarded(async () => {
    const removed: string[] = [];
    for (const month of await listMonths(desk)) {
      let gone: string[] = [];
      // An emptied month stays as an empty blob: Blobs has no conditional delete, and an unconditional one could drop an entry added meanwhile.
      await updateMonth(desk, month, (entries) => {
        gone = entries.filter(goes).map(entryKey);
        return gone.length === 0 ? null : entries.filter((entry) => !goes(entry));
      });
      removed.push(...gone);
    }
    return removed;
  });
}

/** `<kind>/<id>` of every submission with an unsent email, from the submission store's pending markers. */
export function pendingKeysOf(markers: readonly { kind: string; id: string }[]): Set<string> {
  return new Set(markers.map((marker) => `${marker.kind}/${marker.id}`));
}

function statesOf(entry: InboxEntry, pendingKeys: ReadonlySet<string>): InboxState[] {
  const states: InboxState[] = [];
  if (entry.kind === 'spam') states.push('spam');
  if (pendingKeys.has(entryKey(entry))) states.push('pending');
  if (entry.flags.length > 0) states.push('flagged');
  states.push(entry.read ? 'read' : 'new');
  return states;
}

function matcher({ kind, state, query }: InboxQuery): (item: InboxItem) => boolean {
  const needle = query?.trim().toLowerCase() ?? '';
  return (item) =>
    (!kind || item.kind === kind) &&
    (!state || item.states.includes(state)) &&
    (!needle || item.name.toLowerCase().includes(needle) || item.email.includes(needle));
}

/**
 * One page of the inbox, newest first, filtered by kind and state and searched by name or
 * email. Reads months from the newest backwards only until the page and one entry more (to
 * know whether there is a next page) are found. `pendingKeys`: pendingKeysOf(store.listPending()),
 * so "notification pending" is as fresh as the markers themselves.
 */
export function listInbox(desk: Store, pendingKeys: ReadonlySet<string>, options: InboxQuery = {}): Promise<Result<InboxPage, StoreError>> {
  const page = Math.max(1, Math.floor(options.page ?? 1) || 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE));
  const wanted = matcher(options);
  const skip = (page - 1) * pageSize;
  return guarded(async () => {
    const months = await listMonths(desk);
    const found: InboxItem[] = [];
    let read = 0;
    while (read < months.length && found.length <= skip + pageSize) {
      for (const entry of await readMonth(desk, months[read]!)) {
        const states = statesOf(entry, pendingKeys);
        const item: InboxItem = { ...entry, states, state: states[0]! };
        if (wanted(item)) found.push(item);
      }
      read += 1;
    }
    return {
      entries: found.slice(skip, skip + pageSize),
      page,
      pageSize,
      hasMore: found.length > skip + pageSize,
      ...(read === months.length ? { total: found.length } : {}),
    };
  });
}
