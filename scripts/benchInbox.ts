/**
 * How long the coach waits for the first page of the inbox with 10,000 stored submissions:
 * records and their index entries (24 months of them) seeded straight into a local blobs
 * server, then the first page (pending markers + listInbox) timed over loopback, and a search
 * by name, which reads every month. Part of `npm run bench`; on its own: `node scripts/benchInbox.ts`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore, type Store } from '@netlify/blobs';
import { startLocalBlobs } from '#local/blobs.ts';
import { SITE } from '#src/site.config.ts';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import { CATALOG } from '#server/catalog.ts';
import { DESK_STORE } from '#server/desk/deskStore.ts';
import { indexEntry, type InboxEntry } from '#server/inbox/inboxEntry.ts';
import { listInbox, pendingKeysOf, type InboxQuery } from '#server/inbox/inboxIndex.ts';
import { monthKey, type MonthBlob } from '#server/inbox/monthBlobs.ts';
import { type SpamRecord, type SubmissionRecord } from '#server/submissions/records.ts';
import { createSubmissionStore, NO_COMPANIONS, pendingKey, type SubmissionStore } from '#server/submissions/submissionStore.ts';
import { percentile } from './load.ts';

export interface InboxFigures {
  submissions: number;
  months: number;
  /** The average size of a month blob. */
  monthKiB: number;
  runs: number;
  firstPage: { p50: number; p95: number };
  search: { p50: number; p95: number };
}


const WORDS = 'clarity values strengths habit confidence goal interview resume network reflect notice question commit deadline celebrate progress energy focus career change small step honest'.split(' ');
const text = (seed: number, words: number) => Array.from({ length: words }, (_, i) => WORDS[(seed * 7 + i * 13) % WORDS.length]).join(' ');
const FIRST = ['Ada', 'Grace', 'Alan', 'Maya', 'Noor', 'Sam', 'Lin', 'Kofi', 'Ines', 'Ravi'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Okafor', 'Haddad', 'Berg', 'Chen', 'Mensah', 'Silva', 'Iyer'];

/** The mix of a working practice: mostly homework and exercises, some intakes, a little spam. */
function kindOf(i: number): SubmissionKind | 'spam' {
  const slot = i % 20;
  if (slot < 3) return 'intake';
  if (slot < 11) return 'commitment';
  if (slot < 16) return 'response';
  if (slot < 19) return 'reflection';
  return 'spam';
}

/** Submission i of n, spread evenly from `start` to `end`, with answers of realistic length. */
function submission(i: number, n: number, start: number, end: number): SubmissionRecord | SpamRecord {
  const createdAt = new Date(start + Math.floor((i / n) * (end - start))).toISOString();
  const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
  const email = `${name.toLowerCase().replace(' ', '.')}${i % 97}@example.org`;
  const kind = kindOf(i);
  if (kind === 'spam') return { id: randomUUID(), kind, form: 'intake', reason: 'honeypot', createdAt, fields: { name, email, goals: text(i, 40) }, files: [] };
  const exercises = Object.keys(CATALOG.exercises);
  const inquiries = Object.keys(CATALOG.inquiries);
  const data: Record<string, Record<string, unknown>> = {
    intake: { timeZone: 'Europe/London', currentSituation: text(i, 120), whyNow: text(i + 1, 60), goals: text(i + 2, 60), success3Months: text(i + 3, 40), success12Months: text(i + 4, 40), strengths: text(i + 5, 50), values: text(i + 6, 30), obstacles: text(i + 7, 60), accountability: 'email', consent: true },
    commitment: { what: text(i, 15), when: new Date(Date.parse(createdAt) + 7 * 86_400_000).toISOString().slice(0, 16), timeZone: 'Europe/London', howWillIKnow: text(i + 1, 12), exercise: exercises[i % exercises.length] },
    response: { exercise: exercises[i % exercises.length], 'answers.first': text(i, 150), 'answers.second': text(i + 1, 40), notes: text(i + 2, 30) },
    reflection: { inquiry: inquiries[i % inquiries.length], reflection: text(i, 200), nextSession: text(i + 1, 30) },
  };
  const sent = { status: 'sent' as const, attempts: 1, sentAt: createdAt, providerId: randomUUID() };
  return { id: randomUUID(), kind, createdAt, data: { name, email, ...data[kind] }, notifications: { coach: sent, client: { ...sent } }, ...(i % 50 === 0 ? { flags: ['many-links'] } : {}) };
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** Writes the records and the index as the pipeline and `npm run reindex` would leave them. */
async function seed(blobs: Store, desk: Store, total: number, start: number, end: number): Promise<{ months: number; monthKiB: number }> {
  const records = Array.from({ length: total }, (_, i) => submission(i, total, start, end));
  await inParallel(records, 16, (record) => blobs.setJSON(`${record.kind}/${record.id}`, record));
  // The newest few still have an email on its way.
  const newest = records.slice(-5).filter((r): r is SubmissionRecord => r.kind !== 'spam');
  await inParallel(newest, 5, (record) => blobs.set(pendingKey(record.kind, record.id), '', { metadata: { createdAt: record.createdAt } }));
  const months = new Map<string, InboxEntry[]>();
  for (const record of records) {
    const entry = { ...indexEntry(record, CATALOG, SITE.timeZone), read: record.createdAt < new Date(end - 7 * 86_400_000).toISOString() };
    months.set(monthKey(entry.createdAt), [...(months.get(monthKey(entry.createdAt)) ?? []), entry]);
  }
  let bytes = 0;
  for (const [key, entries] of months) {
    const month: MonthBlob = { entries: entries.reverse() };
    bytes += JSON.stringify(month).length;
    await desk.setJSON(key, month);
  }
  return { months: months.size, monthKiB: bytes / months.size / 1024 };
}

/** A page view's store work: the pending markers, then the page. */
async function timePage(store: SubmissionStore, desk: Store, query: InboxQuery, runs: number): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let run = -3; run < runs; run++) {
    const started = performance.now();
    const pending = await store.listPending();
    if (!pending.ok) throw new Error(`Listing pending markers failed: ${pending.error.name}`);
    const page = await listInbox(desk, pendingKeysOf(pending.value), query);
    if (!page.ok || page.value.entries.length === 0) throw new Error('The benchmark inbox came back empty');
    if (run >= 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

export async function benchInbox({ submissions = 10_000, runs = 30 } = {}): Promise<InboxFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'unstuck-bench-inbox-'));
  const server = await startLocalBlobs(dir);
  process.env.NETLIFY_BLOBS_CONTEXT = server.context;
  try {
    const blobs = getStore({ name: 'bench-submissions', consistency: 'strong' });
    const desk = getStore({ name: DESK_STORE, consistency: 'strong' });
    const store = createSubmissionStore(blobs, { companions: NO_COMPANIONS });
    // 24 months: December 2024 to late November 2026.
    const { months, monthKiB } = await seed(blobs, desk, submissions, Date.UTC(2024, 11, 1), Date.UTC(2026, 10, 25, 12));
    const firstPage = await timePage(store, desk, {}, runs);
    // A name that is in every month, with few matches, so the search reads them all.
    const search = await timePage(store, desk, { query: 'ada lovelace' }, runs);
    return { submissions, months, monthKiB, runs, firstPage, search };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export function inboxRows(figures: InboxFigures): [string, string][] {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return [
    ['Inbox: set-up', `${figures.submissions} stored submissions over ${figures.months} months (month blobs of ${figures.monthKiB.toFixed(0)} KiB on average), ${figures.runs} page views over loopback`],
    ['Inbox: first page (pending markers + newest month)', `p50 ${ms(figures.firstPage.p50)}, p95 ${ms(figures.firstPage.p95)}`],
    ['Inbox: search by name (every month read)', `p50 ${ms(figures.search.p50)}, p95 ${ms(figures.search.p95)}`],
  ];
}

if (import.meta.main) {
  const started = performance.now();
  const figures = await benchInbox();
  for (const [measure, figure] of inboxRows(figures)) console.log(`${measure}: ${figure}`);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s in all, seeding included)`);
}
