/**
 * The coach's inbox index on the real local blobs server: month blobs changed by
 * compare-and-swap, read newest first only as far as a page needs, rebuilt from the records.
 */
import type { Store } from '@netlify/blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import { indexEntry, type InboxEntry, type InboxKind } from '#server/inbox/inboxEntry.ts';
import { addToIndex, listInbox, markRead, pendingKeysOf, removeFromIndex, type InboxQuery } from '#server/inbox/inboxIndex.ts';
import { indexHeldSpam, indexSubmission, type IndexDeps } from '#server/inbox/indexSubmission.ts';
import { readMonth } from '#server/inbox/monthBlobs.ts';
import { reindex } from '#server/inbox/reindex.ts';
import { emailHash, type SubmissionStore } from '#server/submissions/submissionStore.ts';
import { type SubmissionRecord } from '#server/submissions/records.ts';
import { openSubmissionStore } from '#server/lifecycle/clientStores.ts';
import { listKeys, startLocalBlobServer, type LocalBlobServer } from '../support/localStore';
import { TEST_CATALOG } from '../support/pipeline';

const COACH_ZONE = 'America/Chicago';

let server: LocalBlobServer;
beforeAll(async () => void (server = await startLocalBlobServer()));
afterAll(() => server.close());

let serial = 0;
function entry(changes: Partial<InboxEntry> & { createdAt: string }): InboxEntry {
  serial += 1;
  const email = changes.email ?? `client${serial}@example.org`;
  return { kind: 'intake', id: `id-${serial}`, name: `Client ${serial}`, email, emailHash: emailHash(email), summary: 'Goals.', flags: [], read: false, ...changes };
}

/** Adds entries one after another, failing the test if one is not stored. */
async function add(desk: Store, ...entries: InboxEntry[]): Promise<void> {
  for (const e of entries) expect(await addToIndex(desk, e)).toEqual({ ok: true, value: undefined });
}

async function list(desk: Store, query: InboxQuery = {}, pending: Set<string> = new Set()) {
  const listed = await listInbox(desk, pending, query);
  if (!listed.ok) throw new Error(listed.error.name);
  return listed.value;
}

const ids = (page: { entries: { id: string }[] }) => page.entries.map((e) => e.id);

/** A desk store that records which keys it was asked to read. */
function countingReads(desk: Store): { desk: Store; reads: string[] } {
  const reads: string[] = [];
  const proxy = new Proxy(desk, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'get' || property === 'getWithMetadata') {
        return (key: string, ...rest: unknown[]) => {
          reads.push(key);
          return (value as (...args: unknown[]) => unknown).call(target, key, ...rest);
        };
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
  return { desk: proxy, reads };
}

describe('adding to the inbox index', () => {
  it('loses no entry when 50 submissions are indexed in the same month at once', async () => {
    const desk = server.freshStore();
    const entries = Array.from({ length: 50 }, (_, i) => entry({ createdAt: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z` }));

    const results = await Promise.all(entries.map((e) => addToIndex(desk, e)));

    expect(results.every((r) => r.ok)).toBe(true);
    expect((await readMonth(desk, 'index/2026-11')).map((e) => e.id).sort()).toEqual(entries.map((e) => e.id).sort());
  });

  it('keeps one entry per submission when the same one is indexed twice, and keeps it read', async () => {
    const desk = server.freshStore();
    const first = entry({ createdAt: '2026-11-02T10:00:00.000Z', summary: 'Before.' });
    await add(desk, first);
    await markRead(desk, 'intake', first.id, first.createdAt);

    await add(desk, { ...first, summary: 'After.' });

    expect(await readMonth(desk, 'index/2026-11')).toEqual([{ ...first, summary: 'After.', read: true }]);
  });

  it('keeps each month in its own blob, by the UTC month of arrival', async () => {
    const desk = server.freshStore();

    await add(desk, entry({ createdAt: '2026-10-31T23:59:59.000Z' }), entry({ createdAt: '2026-11-01T00:00:00.000Z' }));

    expect(await listKeys(desk)).toEqual(['index/2026-10', 'index/2026-11']);
  });
});

describe('a page of the inbox', () => {
  it('lists newest first, page after page, across month boundaries', async () => {
    const desk = server.freshStore();
    const times = ['2026-09-30T08:00:00.000Z', '2026-10-01T08:00:00.000Z', '2026-10-15T08:00:00.000Z', '2026-10-31T22:00:00.000Z', '2026-11-01T01:00:00.000Z', '2026-11-20T08:00:00.000Z', '2026-12-01T00:00:00.000Z'];
    const entries = times.map((createdAt) => entry({ createdAt }));
    // Added out of order, as concurrent submissions land.
    await add(desk, ...[...entries].reverse().filter((_, i) => i % 2 === 0), ...[...entries].reverse().filter((_, i) => i % 2 === 1));
    const newest = [...entries].reverse().map((e) => e.id);

    const pages = [await list(desk, { page: 1, pageSize: 3 }), await list(desk, { page: 2, pageSize: 3 }), await list(desk, { page: 3, pageSize: 3 })];

    expect(pages.map(ids)).toEqual([newest.slice(0, 3), newest.slice(3, 6), newest.slice(6)]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(pages[2]!.total).toBe(7);
  });

  it('reads only the newest months it needs, not every month', async () => {
    const desk = server.freshStore();
    for (let month = 1; month <= 24; month++) {
      const iso = new Date(Date.UTC(2025, month - 1, 10)).toISOString();
      await add(desk, entry({ createdAt: iso }), entry({ createdAt: iso.replace('-10T', '-20T') }));
    }
    const counted = countingReads(desk);

    const page = await list(counted.desk, { pageSize: 3 });

    expect(page.entries.map((e) => e.createdAt.slice(0, 10))).toEqual(['2026-12-20', '2026-12-10', '2026-11-20']);
    expect(page.hasMore).toBe(true);
    expect(counted.reads).toEqual(['index/2026-12', 'index/2026-11']);
  });

  it('filters by kind', async () => {
    const desk = server.freshStore();
    const intake = entry({ createdAt: '2026-11-01T08:00:00.000Z' });
    const homework = entry({ createdAt: '2026-11-02T08:00:00.000Z', kind: 'commitment' });
    const held = entry({ createdAt: '2026-11-03T08:00:00.000Z', kind: 'spam', form: 'intake' });
    await add(desk, intake, homework, held);

    const byKind = async (kind: InboxKind) => ids(await list(desk, { kind }));

    expect(await byKind('commitment')).toEqual([homework.id]);
    expect(await byKind('intake')).toEqual([intake.id]);
    expect(await byKind('spam')).toEqual([held.id]);
  });

  it('gives each entry its states and filters by them: new, read, pending, spam, flagged', async () => {
    const desk = server.freshStore();
    const fresh = entry({ createdAt: '2026-11-01T08:00:00.000Z' });
    const seen = entry({ createdAt: '2026-11-02T08:00:00.000Z' });
    const waiting = entry({ createdAt: '2026-11-03T08:00:00.000Z', kind: 'response' });
    const held = entry({ createdAt: '2026-11-04T08:00:00.000Z', kind: 'spam', form: 'reflection' });
    const flagged = entry({ createdAt: '2026-11-05T08:00:00.000Z', flags: ['many-links'] });
    await add(desk, fresh, seen, waiting, held, flagged);
    await markRead(desk, 'intake', seen.id, seen.createdAt);
    const pending = pendingKeysOf([{ kind: 'response', id: waiting.id }]);

    const byState = async (state: InboxQuery['state']) => ids(await list(desk, { state }, pending));

    expect(await byState('new')).toEqual([flagged.id, held.id, waiting.id, fresh.id]);
    expect(await byState('read')).toEqual([seen.id]);
    expect(await byState('pending')).toEqual([waiting.id]);
    expect(await byState('spam')).toEqual([held.id]);
    expect(await byState('flagged')).toEqual([flagged.id]);
    const states = Object.fromEntries((await list(desk, {}, pending)).entries.map((e) => [e.id, [e.state, e.states]]));
    expect(states).toEqual({
      [fresh.id]: ['new', ['new']],
      [seen.id]: ['read', ['read']],
      [waiting.id]: ['pending', ['pending', 'new']],
      [held.id]: ['spam', ['spam', 'new']],
      [flagged.id]: ['flagged', ['flagged', 'new']],
    });
  });

  it('finds a client by part of their name in any case, or part of their email', async () => {
    const desk = server.freshStore();
    const ada = entry({ createdAt: '2026-10-01T08:00:00.000Z', name: 'Ada Lovelace', email: 'ada@analytical.example' });
    const grace = entry({ createdAt: '2026-11-01T08:00:00.000Z', name: 'Grace Hopper', email: 'grace@navy.example' });
    const adaAgain = entry({ createdAt: '2026-12-01T08:00:00.000Z', name: 'Ada L.', email: 'ada@analytical.example', kind: 'reflection' });
    await add(desk, ada, grace, adaAgain);

    expect(ids(await list(desk, { query: 'lovelace' }))).toEqual([ada.id]);
    expect(ids(await list(desk, { query: '  ADA ' }))).toEqual([adaAgain.id, ada.id]);
    expect(ids(await list(desk, { query: 'navy.EXAMPLE' }))).toEqual([grace.id]);
    expect(ids(await list(desk, { query: 'hopper', kind: 'reflection' }))).toEqual([]);
  });

  it('marks an entry read, and new again', async () => {
    const desk = server.freshStore();
    const one = entry({ createdAt: '2026-11-01T08:00:00.000Z' });
    await add(desk, one);

    expect(await markRead(desk, 'intake', one.id, one.createdAt)).toEqual({ ok: true, value: true });
    expect((await list(desk)).entries[0]!.state).toBe('read');
    expect(await markRead(desk, 'intake', one.id, one.createdAt, false)).toEqual({ ok: true, value: true });
    expect((await list(desk)).entries[0]!.state).toBe('new');
    expect(await markRead(desk, 'intake', 'no-such-id', one.createdAt)).toEqual({ ok: true, value: false });
  });
});

describe('removing from the inbox index', () => {
  it("removes every entry of one client's email, in every month, and nobody else's", async () => {
    const desk = server.freshStore();
    const ada = [entry({ createdAt: '2026-10-01T08:00:00.000Z', email: 'ada@example.org' }), entry({ createdAt: '2026-11-01T08:00:00.000Z', email: 'ada@example.org', kind: 'spam', form: 'intake' })];
    const grace = entry({ createdAt: '2026-11-02T08:00:00.000Z', email: 'grace@example.org' });
    await add(desk, ...ada, grace);

    const removed = await removeFromIndex(desk, { emailHash: emailHash('ADA@example.org') });

    expect(removed).toEqual({ ok: true, value: [`spam/${ada[1]!.id}`, `intake/${ada[0]!.id}`] });
    expect(ids(await list(desk))).toEqual([grace.id]);
    expect(JSON.stringify(await readMonth(desk, 'index/2026-10'))).not.toContain('ada@');
  });

  it('removes the entries of the records retention removed, given the keys it removed', async () => {
    const desk = server.freshStore();
    const old = entry({ createdAt: '2024-10-01T08:00:00.000Z' });
    const kept = entry({ createdAt: '2026-11-02T08:00:00.000Z' });
    await add(desk, old, kept);

    const removed = await removeFromIndex(desk, { keys: [`intake/${old.id}`, `uploads/${old.id}/resume-abc`, `pending/intake/${old.id}`] });

    expect(removed).toEqual({ ok: true, value: [`intake/${old.id}`] });
    expect(ids(await list(desk))).toEqual([kept.id]);
  });
});

describe('indexing from the submission store', () => {
  let submissions: SubmissionStore;
  let desk: Store;
  let deps: IndexDeps;

  const stored = (kind: SubmissionKind, id: string, createdAt: string, data: Record<string, unknown>): SubmissionRecord => ({
    id,
    kind,
    createdAt,
    data: { name: 'Ada Lovelace', email: 'ada@example.org', ...data },
    notifications: { coach: { status: 'sent', attempts: 1 }, client: { status: 'sent', attempts: 1 } },
  });

  async function store(record: SubmissionRecord): Promise<void> {
    const created = await submissions.create({ ...record, contentHash: record.id }, String(record.data.email), []);
    expect(created).toEqual({ ok: true, value: 'created' });
  }

  async function entryOf(kind: SubmissionKind, id: string): Promise<InboxEntry> {
    const found = await submissions.get(kind, id);
    if (!found.ok || !found.value) throw new Error(`No ${kind}/${id} stored`);
    return indexEntry(found.value.record, TEST_CATALOG, COACH_ZONE);
  }

  beforeAll(() => {
    submissions = openSubmissionStore(server.freshStore());
  });

  const fresh = () => {
    desk = server.freshStore();
    deps = { desk, store: submissions, catalog: TEST_CATALOG, timeZone: COACH_ZONE };
  };

  it('indexes a stored submission from its record, and says when there is none', async () => {
    fresh();
    const homework = stored('commitment', 'c-1', '2026-11-25T12:00:00.000Z', { what: 'Send two emails', when: '2026-12-01T15:00', timeZone: 'Europe/London' });
    await store(homework);

    expect(await indexSubmission(deps, 'commitment', 'c-1')).toEqual({ ok: true, value: 'indexed' });
    expect(await indexSubmission(deps, 'commitment', 'never-stored')).toEqual({ ok: true, value: 'missing' });
    expect((await list(desk)).entries).toEqual([
      expect.objectContaining({ kind: 'commitment', id: 'c-1', summary: 'Send two emails — by Tuesday, December 1, 2026 at 9:00 AM (America/Chicago)', state: 'new' }),
    ]);
  });

  it('indexes a post held as spam', async () => {
    fresh();
    const held = { id: 's-1', kind: 'spam' as const, form: 'intake' as const, reason: 'honeypot', createdAt: '2026-11-20T12:00:00.000Z', fields: { name: 'Bot', email: 'bot@example.net' }, files: [] };
    expect(await submissions.holdSpam(held, 'bot@example.net', [])).toEqual({ ok: true, value: { created: true } });

    expect(await indexHeldSpam(deps, 's-1')).toEqual({ ok: true, value: 'indexed' });
    expect((await list(desk, { state: 'spam' })).entries).toEqual([expect.objectContaining({ id: 's-1', form: 'intake', summary: 'Held as spam: honeypot' })]);
  });

  it('rebuilds the index from the records: missing entries back, read marks kept, entries without a record gone', async () => {
    fresh();
    await store(stored('intake', 'i-1', '2026-09-10T12:00:00.000Z', { goals: 'A new role.' }));
    await store(stored('response', 'r-1', '2026-10-10T12:00:00.000Z', { exercise: 'values-card-sort' }));
    await store(stored('reflection', 'f-1', '2026-11-10T12:00:00.000Z', { inquiry: 'failing-slowly' }));
    // The index knows one of them, read, and one whose record is gone; the others' updates were lost.
    await add(desk, { ...(await entryOf('response', 'r-1')), read: true });
    await add(desk, entry({ createdAt: '2026-08-01T08:00:00.000Z', id: 'erased-elsewhere' }));

    const rebuilt = await reindex(submissions, desk, TEST_CATALOG, COACH_ZONE);

    expect(rebuilt).toMatchObject({ ok: true, value: { dropped: 1 } });
    const page = await list(desk);
    expect(page.entries.map((e) => [e.kind, e.id, e.state, e.summary])).toEqual(
      expect.arrayContaining([
        ['intake', 'i-1', 'new', 'A new role.'],
        ['response', 'r-1', 'read', 'Values card sort'],
        ['reflection', 'f-1', 'new', 'Where are you failing slowly rather than quickly?'],
      ]),
    );
    expect(ids(page)).not.toContain('erased-elsewhere');
  });

  it('keeps the entry of a submission that arrived while it ran', async () => {
    fresh();
    await store(stored('intake', 'before', '2026-11-01T12:00:00.000Z', { goals: 'Before.' }));
    // Arrives, and is indexed, after the rebuild has listed the records it reads.
    const arriving: SubmissionStore = {
      ...submissions,
      listSpam: async () => {
        const held = await submissions.listSpam();
        await store(stored('intake', 'during', '2026-11-02T12:00:00.000Z', { goals: 'During.' }));
        expect(await indexSubmission(deps, 'intake', 'during')).toEqual({ ok: true, value: 'indexed' });
        return held;
      },
    };

    expect(await reindex(arriving, desk, TEST_CATALOG, COACH_ZONE)).toMatchObject({ ok: true, value: { dropped: 0 } });

    expect(ids(await list(desk, { kind: 'intake' }))).toEqual(expect.arrayContaining(['during', 'before']));
  });
});
