/**
 * Every blob store and key prefix the app writes, and how each of erase (`npm run erase`, the
 * desk's "Erase"), retention (`npm run retention`) and export (the desk's zip) covers it, or
 * why it need not. One table, so that something new cannot be stored without someone saying
 * how it is erased, expired and handed over: tests/integration/storageCoverage.test.ts writes
 * everything a real day at the practice writes, fails on any key whose prefix is not listed
 * here, and checks that each coverage claimed here really happens.
 */
import { COMMENTS_STORE } from '../comments/published.ts';
import { SUBMISSIONS_STORE } from '../app/appDeps.ts';
import { DESK_STORE } from '../desk/deskStore.ts';
import { USED_LINKS_STORE } from '../links/usedLinks.ts';

/** Covered, and by what; or not, and why that is fine. */
export type Coverage = { by: string } | { not: string };

/** Exported into these zip entries (a name, or a folder ending in /), in the client export, the full export, or both. */
export type ExportCoverage = { in: readonly string[]; scope: 'client' | 'everything' | 'both'; by: string } | { not: string };

export interface StorageOwner {
  store: string;
  prefix: string;
  holds: string;
  erase: Coverage;
  retention: Coverage;
  export: ExportCoverage;
}

/** local/outboxMailer.ts's OUTBOX_STORE, named here rather than imported: production code does not reach into local/. */
const OUTBOX_STORE = 'outbox';

const WITH_THE_RECORD = { by: 'submissionStore: deleted with the record it belongs to' } as const;
const RECORD_RETENTION = { by: 'submissionStore.purgeCreatedBefore: records past the retention period, with everything that hangs off them' } as const;
const ERASED_WITH_CLIENT = { by: 'submissionStore.eraseClient: found through the client’s pointers' } as const;
const NO_PERSONAL_DATA = 'no personal data: random ids and times';
const WITH_THE_COMMITMENT = { by: 'submissionStore: loopStore.remove, with the commitment it belongs to' } as const;
const WITH_THE_COMMITMENT_RETENTION = { by: 'submissionStore.purgeCreatedBefore: loopStore.remove, with its commitment' } as const;

const record = (kind: string, holds: string): StorageOwner => ({
  store: SUBMISSIONS_STORE,
  prefix: `${kind}/`,
  holds,
  erase: ERASED_WITH_CLIENT,
  retention: RECORD_RETENTION,
  export: { in: [`${kind}.csv`, 'submissions.json'], scope: 'both', by: 'exportZip: one row each, and the raw record' },
});

export const STORAGE_OWNERS: readonly StorageOwner[] = [
  record('intake', 'intake questionnaires'),
  record('commitment', 'homework commitments'),
  record('response', 'exercise responses'),
  record('reflection', 'reflections'),
  record('check-in', 'answers to check-ins (Done, Partly, Not yet), with a note and a file'),
  record('stuck', '“I’m stuck” requests'),
  record('spam', 'posts held as spam, whole'),
  {
    store: SUBMISSIONS_STORE,
    prefix: 'uploads/',
    holds: 'uploaded files (a held post’s too)',
    erase: ERASED_WITH_CLIENT,
    retention: { by: 'submissionStore.purgeCreatedBefore: with their record, or a day after a failed attempt left them without one' },
    export: { in: ['uploads/'], scope: 'client', by: 'exportZip: the client export carries their files (the full export leaves files out, to stay within a function’s limits)' },
  },
  {
    store: SUBMISSIONS_STORE,
    prefix: 'clients/',
    holds: 'empty pointers from an email hash to each submission',
    erase: ERASED_WITH_CLIENT,
    retention: { by: 'submissionStore.purgeCreatedBefore: with their record, or a day after a failed attempt left them without one' },
    export: { not: 'an index: what it points to is exported' },
  },
  {
    store: SUBMISSIONS_STORE,
    prefix: 'pending/',
    holds: 'a marker while an email is unsent',
    erase: WITH_THE_RECORD,
    retention: RECORD_RETENTION,
    export: { not: 'delivery bookkeeping: the record’s notifications, in submissions.json, say the same' },
  },
  {
    store: SUBMISSIONS_STORE,
    prefix: 'rendered/',
    holds: 'an email as first rendered, resent as it is until it goes',
    erase: WITH_THE_RECORD,
    retention: RECORD_RETENTION,
    export: { not: 'a copy of an email made from the record, which is exported' },
  },
  {
    store: SUBMISSIONS_STORE,
    prefix: 'failed/',
    holds: 'a marker while an email has failed for good',
    erase: WITH_THE_RECORD,
    retention: RECORD_RETENTION,
    export: { not: 'delivery bookkeeping: the record’s notifications, in submissions.json, say the same' },
  },
  {
    store: SUBMISSIONS_STORE,
    prefix: 'loop/',
    holds: 'a commitment’s homework loop: when each reminder and check-in is due, what was sent, the answer and its note',
    erase: WITH_THE_COMMITMENT,
    retention: WITH_THE_COMMITMENT_RETENTION,
    export: { in: ['loop.json'], scope: 'both', by: 'exportData.loopOf: the loop of every exported commitment' },
  },
  {
    store: SUBMISSIONS_STORE,
    prefix: 'due/',
    holds: 'empty keys naming a commitment’s step due in an hour, for the scheduler to find',
    erase: WITH_THE_COMMITMENT,
    retention: WITH_THE_COMMITMENT_RETENTION,
    export: { not: 'scheduling bookkeeping: the loop’s plan, in loop.json, says the same' },
  },
  {
    store: SUBMISSIONS_STORE,
    prefix: 'overdue/',
    holds: 'an empty marker: a commitment with no answer after its follow-up',
    erase: WITH_THE_COMMITMENT,
    retention: WITH_THE_COMMITMENT_RETENTION,
    export: { not: 'a marker for the coach’s views: the loop, in loop.json, says the same' },
  },
  {
    store: SUBMISSIONS_STORE,
    prefix: 'texts/',
    holds: 'an empty marker: a step for the coach to send by text, until the morning summary lists it',
    erase: WITH_THE_COMMITMENT,
    retention: WITH_THE_COMMITMENT_RETENTION,
    export: { not: 'a marker for the coach’s views: the loop, in loop.json, says the same' },
  },
  {
    store: SUBMISSIONS_STORE,
    prefix: 'answered/',
    holds: 'an empty marker: a commitment answered that UTC day, for the morning summary',
    erase: WITH_THE_COMMITMENT,
    retention: WITH_THE_COMMITMENT_RETENTION,
    export: { not: 'a marker for the coach’s views: the answer, in loop.json, says the same' },
  },
  {
    store: SUBMISSIONS_STORE,
    prefix: 'loop-clients/',
    holds: 'a client’s homework-loop settings: reminders stopped, the version of their page links',
    erase: { by: 'submissionStore.eraseClient: loopStore.removeClient, by the client’s hash' },
    retention: { by: 'submissionStore.purgeCreatedBefore: with the client’s last submission, or once nothing of theirs is stored' },
    export: { in: ['loop.json'], scope: 'both', by: 'exportData.loopOf: settings that differ from a new client’s' },
  },
  {
    store: SUBMISSIONS_STORE,
    prefix: 'handled/',
    holds: 'when the coach marked an “I’m stuck” request handled',
    erase: WITH_THE_RECORD,
    retention: RECORD_RETENTION,
    export: { in: ['stuck.csv'], scope: 'both', by: 'exportZip: the request’s “Handled (UTC)” column' },
  },
  {
    store: USED_LINKS_STORE,
    prefix: 'used-links/',
    holds: 'which one-time links were used',
    erase: { not: NO_PERSONAL_DATA },
    retention: { by: 'usedLinks.purgeExpired: a day after the link expired' },
    export: { not: NO_PERSONAL_DATA },
  },
  {
    store: DESK_STORE,
    prefix: 'sessions/',
    holds: 'the coach’s signed-in sessions',
    erase: { not: NO_PERSONAL_DATA },
    retention: { by: 'deskStore.purge: once ended' },
    export: { not: NO_PERSONAL_DATA },
  },
  {
    store: DESK_STORE,
    prefix: 'sign-in-links/',
    holds: 'sign-in links the desk issued',
    erase: { not: NO_PERSONAL_DATA },
    retention: { by: 'deskStore.purge: once expired' },
    export: { not: NO_PERSONAL_DATA },
  },
  {
    store: DESK_STORE,
    prefix: 'sign-in-sent/',
    holds: 'sign-in emails sent per hour, for the cap',
    erase: { not: NO_PERSONAL_DATA },
    retention: { by: 'deskStore.purge: two hours on' },
    export: { not: NO_PERSONAL_DATA },
  },
  {
    store: DESK_STORE,
    prefix: 'audit/',
    holds: 'the activity log, clients by email hash',
    erase: { by: 'deskStore.forgetClient: the entries stay, naming no one' },
    retention: { by: 'deskStore.purge: entries older than the retention period' },
    export: { in: ['activity.csv'], scope: 'both', by: 'exportZip: the whole log, or the entries about one client' },
  },
  {
    store: DESK_STORE,
    prefix: 'notes/',
    holds: 'the coach’s private note on a client',
    erase: { by: 'deskStore.deleteNote' },
    retention: { by: 'deskRetention.purgeOrphanNotes: once nothing else of the client is stored' },
    export: { in: ['notes.csv'], scope: 'both', by: 'exportZip' },
  },
  {
    store: DESK_STORE,
    prefix: 'index/',
    holds: 'the inbox index: one blob per month of submissions',
    erase: { by: 'inboxIndex.removeFromIndex, by the client’s hash, from eraseClient.ts' },
    retention: { by: 'inboxIndex.removeFromIndex, by the keys retention removed, from scripts/retention.ts' },
    export: { not: 'derived from the records, which are exported' },
  },
  {
    store: DESK_STORE,
    prefix: 'scheduler/',
    holds: 'when each daily scheduled task last ran (scheduler/lastRuns.ts), and where an unfinished retention pass stopped',
    erase: { not: 'no personal data: task names and times; the retention cursor names at most one client by hash, for a day' },
    retention: { not: 'one small blob per task, overwritten each day; the cursor is deleted when a pass completes' },
    export: { not: 'no personal data: the scheduler’s own bookkeeping' },
  },
  {
    store: COMMENTS_STORE,
    prefix: 'received/',
    holds: 'blog comments as readers sent them, with their email, state and moderation email',
    erase: { by: 'commentStore.eraseEmail, from eraseClient.ts: every comment from the address, in any state' },
    retention: { by: 'commentStore.purge: never published (waiting, rejected) after 90 days; published ones stay while published' },
    export: { in: ['comments.csv', 'comments.json'], scope: 'both', by: 'commentExport: one row each, and the raw value' },
  },
  {
    store: COMMENTS_STORE,
    prefix: 'held/',
    holds: 'comments held as spam, whole',
    erase: { by: 'commentStore.eraseEmail: found through the address’s pointers' },
    retention: { by: 'commentStore.purge: after 90 days' },
    export: { in: ['comments.csv', 'comments.json'], scope: 'both', by: 'commentExport: one row each, and the raw value' },
  },
  {
    store: COMMENTS_STORE,
    prefix: 'published/',
    holds: 'approved comments and the coach’s replies, as the site’s build reads them (no email)',
    erase: { by: 'commentStore.eraseEmail: a comment’s published copy and the replies to it, then a rebuild is asked for' },
    retention: { by: 'commentStore.purge: a copy of a comment never approved (left by a crash) with it; published comments stay while published' },
    export: { in: ['comments.csv', 'comments.json'], scope: 'both', by: 'commentExport: the coach’s replies as rows, edited copies beside what was sent' },
  },
  {
    store: COMMENTS_STORE,
    prefix: 'by-email/',
    holds: 'empty pointers from an email hash to each comment',
    erase: { by: 'commentStore.eraseEmail' },
    retention: { by: 'commentStore.purge: with their comment, or a day after a failed attempt left them without one' },
    export: { not: 'an index: what it points to is exported' },
  },
  {
    store: COMMENTS_STORE,
    prefix: 'waiting/',
    holds: 'an empty marker while a comment waits for the coach',
    erase: { by: 'commentStore.eraseEmail: with its comment' },
    retention: { by: 'commentStore.purge: with its comment, or a day after a failed attempt left it alone' },
    export: { not: 'bookkeeping: the comment’s state, in comments.csv, says the same' },
  },
  {
    store: COMMENTS_STORE,
    prefix: 'notices/',
    holds: 'the email telling a reader the coach replied, until it is sent (no address: read from the comment)',
    erase: { by: 'commentStore.eraseEmail: with the comment it answers' },
    retention: { by: 'commentStore.purge: deleted once sent; one that failed for good a day on; any after 90 days' },
    export: { not: 'delivery bookkeeping about a reply, which is exported' },
  },
  {
    store: COMMENTS_STORE,
    prefix: 'moderation-sent/',
    holds: 'moderation emails sent per hour, for the cap',
    erase: { not: NO_PERSONAL_DATA },
    retention: { by: 'commentStore.purge: two hours on' },
    export: { not: NO_PERSONAL_DATA },
  },
  {
    store: COMMENTS_STORE,
    prefix: 'rebuild/',
    holds: 'when comments last asked for a build and when one was fired',
    erase: { not: NO_PERSONAL_DATA },
    retention: { not: 'one small blob, overwritten with each change' },
    export: { not: NO_PERSONAL_DATA },
  },
  {
    store: OUTBOX_STORE,
    prefix: '',
    holds: 'on a laptop only (npm start): every email as it would have been sent',
    erase: { by: '`npm run erase` (eraseFromOutbox); the desk on Netlify has no outbox to reach' },
    retention: { not: 'only ever on the developer’s own machine, never on Netlify; delete .data to clear it' },
    export: { not: 'copies of emails made from records, which are exported' },
  },
];

/** The table entry a key of a store falls under (the longest prefix that matches), if any. */
export function ownerOf(store: string, key: string): StorageOwner | undefined {
  return STORAGE_OWNERS.filter((o) => o.store === store && key.startsWith(o.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
}
