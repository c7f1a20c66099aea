/**
 * Nothing is stored without a plan for erasing, expiring and handing it over: a day at the
 * practice (every form, a file, a check-in with a file, spam, failed and waiting emails, a note,
 * the coach signing in, reading and exporting) against real local stores, then every key in every store checked
 * against netlify/server/lifecycle/storageOwners.ts, and each coverage the table claims carried out.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '@netlify/blobs';
import { describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { acceptSubmission } from '#server/submissions/acceptSubmission.ts';
import { indexQuietly } from '#server/inbox/inboxHooks.ts';
import { checkInForm } from '#server/submissions/forms/checkIn.ts';
import type { LoopState } from '#server/loop/loopStore.ts';
import { recordAnswer } from '#server/loop/recordAnswer.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import type { CommentEntry, HeldComment } from '#server/comments/commentStore.ts';
import { replyToComment } from '#server/comments/moderation.ts';
import type { PublishedComment } from '#server/comments/published.ts';
import { commentDepsOfDesk } from '#server/desk/deskDeps.ts';
import { handleComments } from '#server/comments/handleComments.ts';
import { aComment, commentPost } from '../support/comments';
import { deliver } from '#server/submissions/notify.ts';
import { OUTBOX_STORE } from '#local/outboxMailer.ts';
import { createBudget, RUN_BUDGET_MS } from '#server/budget.ts';
import { createLastRuns } from '#server/scheduler/lastRuns.ts';
import { runScheduler } from '#server/scheduler/runScheduler.ts';
import { SCHEDULED_TASKS } from '#server/scheduler/tasks.ts';
import { ownerOf, STORAGE_OWNERS, type StorageOwner } from '#server/lifecycle/storageOwners.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { type SpamRecord, type SubmissionRecord } from '#server/submissions/records.ts';
import { purgeStores } from '#scripts/retention.ts';
import { reindex } from '#server/inbox/reindex.ts';
import { useDesk } from '../support/desk';
import { fileOf, pdfBytes } from '../support/documents';
import type { FakeResendOptions } from '#local/fakeResend.ts';
import { formPost, handlersOf, VALID, type Fields, type HANDLERS } from '../support/forms';
import { listKeys } from '../support/localStore';
import { unzipAnswer } from '../support/unzip';

/** Changed during a test to make Resend refuse the sender's domain for a while (read on every request). */
const resend: FakeResendOptions = {};
const d = useDesk({ harness: { resend } });

const ADA = 'ada@example.org';
const GRACE = 'grace@example.org';

async function post(kind: keyof typeof HANDLERS, fields: Fields, files: Record<string, File> = {}) {
  const response = await handleSubmission(formPost(kind, fields, { encoding: 'multipart', files }), handlersOf(d.h.deps)[kind], d.h.deps);
  expect(response.status).toBe(201);
  return fields;
}

/** A blog comment posted as the form under a post sends it (JSON); returns its id. */
async function commentBy(email: string, changes: Record<string, string> = {}) {
  const response = await handleComments(commentPost(aComment({ id: crypto.randomUUID(), email, ...changes }), { json: true }), commentDepsOfDesk(d.deps));
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/**
 * Ada answers her check-in, with a file: stored and emailed as the check-in endpoint does it
 * (checkIn/checkInAction.ts). The loop state the endpoint also records the answer in is the
 * loop's own, with its own entries in the table.
 */
async function checkIn(homework: Fields, evidence: File) {
  const fields = { id: randomUUID(), name: homework.name, email: homework.email, commitment: homework.id, what: homework.what, answer: 'done', note: 'Both sent.' };
  const accepted = await acceptSubmission(checkInForm, { fields, files: { evidence: { name: evidence.name, type: evidence.type, size: evidence.size, bytes: new Uint8Array(await evidence.arrayBuffer()) } }, receivedAt: d.h.clock.now() }, d.h.deps);
  expect(accepted.ok).toBe(true);
  await deliver(d.h.deps.handlers['check-in'], fields.id, d.h.deps);
  await indexQuietly(d.h.deps, 'check-in', fields.id);
}

/** A scheduled run at a moment: the morning summary, the homework loop, the retries, retention. */
async function scheduledRunAt(iso: string) {
  d.h.clock.set(iso);
  await runScheduler({ ...d.deps, lastRuns: createLastRuns(d.deps.deskBlobs) }, SCHEDULED_TASKS, { now: d.h.clock.now(), budget: createBudget(RUN_BUDGET_MS, () => 0) });
}

/**
 * The week after, once the homework loop has shipped: Grace prefers texts, Ada has homework that
 * goes overdue and homework she answers early, and the coach moves Ada's page links on. The loop
 * runs through its reminders, check-ins and follow-ups.
 */
async function homeworkBetweenSessions() {
  d.h.clock.set('2026-11-30T15:00:00.000Z');
  const due = { when: '2026-12-02T18:00', timeZone: 'America/Chicago' };
  await post('intake', VALID.intake({ email: GRACE, accountability: 'text', phone: '+1 312 555 0100' }));
  await post('commitment', VALID.commitment({ email: GRACE, ...due }));
  await post('commitment', VALID.commitment({ email: ADA, ...due }));
  const early = await post('commitment', VALID.commitment({ email: ADA, when: '2026-12-20T18:00', timeZone: 'America/Chicago' }));
  // The coach records that Ada did the later one at once (they spoke on the phone).
  await recordAnswer(early.id!, { answer: 'done', at: d.h.clock.now().toISOString(), by: 'coach', note: 'Done early: Ada was keen' }, d.deps);
  // Reminders on Tuesday morning, check-ins on Wednesday evening, follow-ups on Friday evening.
  for (const at of ['2026-12-01T15:00:00.000Z', '2026-12-03T00:00:00.000Z', '2026-12-05T00:00:00.000Z']) await scheduledRunAt(at);
  await d.deps.loop.updateClient(emailHash(ADA), (settings) => ({ ...settings, linkVersion: settings.linkVersion + 1 }));
}

/** Everything a day at the practice writes; returns the coach's cookie and the two exports. */
async function aDayAtThePractice() {
  // The coach signs in at the start of the day.
  await d.signIn();
  // Blog comments: Ada's is approved and answered (the email about the answer keeps failing, so it
  // stays waiting), and a bot's post in Ada's name is held as spam; Grace's comes a week on.
  const adaComment = await commentBy(ADA, { notify: 'on', name: 'Ada Lovelace' });
  const replyId = crypto.randomUUID();
  d.h.resend.failNext(100, 'server_error', { idempotencyKey: `comment-reply/${replyId}` });
  expect((await replyToComment(adaComment, replyId, 'Thank you, Ada.', commentDepsOfDesk(d.deps))).ok).toBe(true);
  await handleComments(commentPost(aComment({ email: ADA, leave_this_blank: 'bot' })), commentDepsOfDesk(d.deps));
  await post('intake', VALID.intake({ email: ADA }), { resume: fileOf(pdfBytes(), 'cv.pdf', 'application/pdf') });
  const homework = await post('commitment', VALID.commitment({ email: ADA }));
  await checkIn(homework, fileOf(pdfBytes(), 'sent.pdf', 'application/pdf'));
  await post('response', VALID.response({ email: ADA }));
  // The coach's email about this one keeps failing: it stays waiting, its rendered copy kept.
  const waiting = VALID.reflection({ email: ADA });
  d.h.resend.failNext(100, 'server_error', { idempotencyKey: `reflection/${waiting.id}/coach` });
  await post('reflection', waiting);
  await post('intake', VALID.intake({ email: ADA, [HONEYPOT_FIELD]: 'bot' }), { resume: fileOf(pdfBytes(), 'cv.pdf', 'application/pdf') });
  // Resend refuses the sender's domain for a moment: Grace's emails fail for good.
  resend.verifiedDomains = ['somewhere-else.example'];
  await post('commitment', VALID.commitment({ email: GRACE }));
  delete resend.verifiedDomains;
  // Both get stuck; the coach calls Ada back, and marks hers handled when she next signs in.
  const adaStuck = await post('stuck', VALID.stuck({ email: ADA }));
  await post('stuck', VALID.stuck({ email: GRACE }));
  d.h.clock.set(d.h.clock.now().toISOString(), 10 * 60_000);
  // The scheduled function's run: the retries, and the morning summary with the post held as spam.
  await runScheduler({ ...d.deps, lastRuns: createLastRuns(d.deps.deskBlobs) }, SCHEDULED_TASKS, { now: d.h.clock.now(), budget: createBudget(RUN_BUDGET_MS, () => 0) });
  await homeworkBetweenSessions();
  // A week on, a reader's comment waits for the coach (its email took one of the hour's slots).
  await commentBy(GRACE);
  // She signs in again (the first session has ended).
  const cookie = await d.signIn();
  await d.request('/api/coach/stuck/handled', { method: 'POST', cookie, form: { id: adaStuck.id! } });
  // The pipeline keeps the index as answers arrive; a rebuild (`npm run reindex`) must leave nothing uncovered either.
  expect((await reindex(d.h.deps.store, d.deps.deskBlobs, d.deps.catalog, 'America/Chicago')).ok).toBe(true);
  await d.request('/api/coach/notes', { method: 'POST', cookie, form: { client: emailHash(ADA), note: 'Ada: wants policy work' } });
  await d.request('/api/coach/notes', { method: 'POST', cookie, form: { client: emailHash(GRACE), note: 'Grace: follow up' } });
  await d.request(`/coach/clients/${emailHash(ADA)}/`, { cookie });
  const client = await unzipAnswer(await d.request(`/api/coach/export?client=${emailHash(ADA)}`, { cookie }));
  const everything = await unzipAnswer(await d.request('/api/coach/export', { cookie }));
  return { cookie, exports: { client, everything } };
}

interface StoredKey {
  store: string;
  key: string;
  /** The value and metadata as text, to look for personal data in. */
  text: string;
  bytes: Buffer;
  metadata: Record<string, unknown>;
}

function stores(): [string, Store][] {
  return [
    ['submissions', d.h.blobs],
    ['links', d.linkBlobs],
    ['desk', d.deps.deskBlobs],
    ['comments', d.commentBlobs],
  ];
}

async function everyKey(): Promise<StoredKey[]> {
  const found: StoredKey[] = [];
  for (const [store, blobs] of stores()) {
    for (const key of await listKeys(blobs)) {
      const entry = await blobs.getWithMetadata(key, { type: 'arrayBuffer' });
      const bytes = Buffer.from(entry?.data ?? new ArrayBuffer(0));
      found.push({ store, key, bytes, metadata: entry?.metadata ?? {}, text: `${bytes.toString('utf8')}\n${JSON.stringify(entry?.metadata ?? {})}` });
    }
  }
  return found;
}

const owner = (stored: StoredKey) => ownerOf(stored.store, stored.key);
const json = <T>(stored: StoredKey) => JSON.parse(stored.bytes.toString('utf8')) as T;

describe('the table of what is stored', () => {
  it('names the stores the app opens by the names it opens them with', async () => {
    const { SUBMISSIONS_STORE } = await import('#server/app/appDeps.ts');
    const { USED_LINKS_STORE } = await import('#server/links/usedLinks.ts');
    const { DESK_STORE } = await import('#server/desk/deskStore.ts');
    const { COMMENTS_STORE } = await import('#server/comments/published.ts');
    expect(new Set(STORAGE_OWNERS.map((o) => o.store))).toEqual(new Set([SUBMISSIONS_STORE, USED_LINKS_STORE, DESK_STORE, COMMENTS_STORE, OUTBOX_STORE]));
    expect(stores().map(([name]) => name)).toEqual([SUBMISSIONS_STORE, USED_LINKS_STORE, DESK_STORE, COMMENTS_STORE]);
  });

  it('covers every key a day at the practice writes, and the day writes under every prefix it lists', async () => {
    await aDayAtThePractice();

    const keys = await everyKey();

    expect(keys.filter((k) => !owner(k)).map((k) => `${k.store}: ${k.key}`)).toEqual([]);
    const written = new Set(keys.map((k) => `${k.store}:${owner(k)!.prefix}`));
    // The outbox exists only under `npm start`.
    const expected = STORAGE_OWNERS.filter((o) => o.store !== OUTBOX_STORE).map((o) => `${o.store}:${o.prefix}`);
    expect(expected.filter((prefix) => !written.has(prefix))).toEqual([]);
  });
});

describe('what the table says is covered', () => {
  it('is erased: after erasing a client, nothing covered by erase names them, and what erase passes over names no one', async () => {
    const { cookie } = await aDayAtThePractice();
    const before = await everyKey();
    const adaIds = before
      .filter((k) => /^(intake|commitment|response|reflection|check-in|spam|stuck)\//.test(k.key))
      .filter((k) => {
        const record = json<SubmissionRecord | SpamRecord>(k);
        return ('data' in record ? record.data.email : record.fields.email) === ADA;
      })
      .map((k) => k.key.split('/')[1]!);
    // An intake, three commitments (two with a loop), a check-in, a response, a reflection, a held post and an “I’m stuck” request.
    expect(adaIds.length).toBe(9);

    const erased = await d.request('/api/coach/erase', { method: 'POST', cookie, form: { client: emailHash(ADA), email: ADA } });
    expect(erased.status).toBe(200);

    const names = (k: StoredKey, email: string, ids: string[] = []) =>
      k.text.toLowerCase().includes(email) || k.text.includes(emailHash(email)) || k.key.includes(emailHash(email)) || ids.some((id) => k.key.includes(id));
    const after = await everyKey();
    const erasable = after.filter((k) => 'by' in owner(k)!.erase);
    expect(erasable.filter((k) => names(k, ADA, adaIds)).map((k) => `${k.store}: ${k.key}`)).toEqual([]);
    expect(erasable.some((k) => names(k, GRACE))).toBe(true);
    const passedOver = after.filter((k) => 'not' in owner(k)!.erase);
    expect(passedOver.length).toBeGreaterThan(0);
    expect(passedOver.filter((k) => k.text.includes('@') || names(k, ADA) || names(k, GRACE)).map((k) => k.key)).toEqual([]);
  });

  it('expires: once past the retention period, nothing remains under a prefix retention covers', async () => {
    await aDayAtThePractice();
    const later = new Date(d.h.clock.now().getTime() + 25 * 31 * 24 * 3600_000);

    await purgeStores({ submissions: d.h.deps.store, usedLinks: d.deps.usedLinks, desk: d.deps.desk, deskBlobs: d.deps.deskBlobs, comments: d.deps.comments }, later);

    const left = await everyKey();
    // An emptied inbox month stays as an empty blob (inboxIndex.ts: Blobs has no conditional delete).
    const emptyMonth = (k: StoredKey) => k.key.startsWith('index/') && json<{ entries: unknown[] }>(k).entries.length === 0;
    // A published comment stays while it is published (decision 012): its copy, the coach's reply, what the reader sent and its pointer.
    const published = new Set(left.filter((k) => k.store === 'comments' && k.key.startsWith('published/')).flatMap((k) => [k.key.split('/').at(-1)!, json<PublishedComment>(k).parentId]));
    const whilePublished = (k: StoredKey) => k.store === 'comments' && /^(published|received|by-email)\//.test(k.key) && published.has(k.key.split('/').at(-1)!);
    expect(left.filter((k) => 'by' in owner(k)!.retention && !emptyMonth(k) && !whilePublished(k)).map((k) => `${k.store}: ${k.key}`)).toEqual([]);
    expect(left.filter(whilePublished).length).toBeGreaterThan(0);
  });

  it('is exported: each exported prefix lands in the entries the table names, in the exports it names', async () => {
    const { exports } = await aDayAtThePractice();
    const keys = await everyKey();
    const recordOf = new Map(keys.filter((k) => /^(intake|commitment|response|reflection|check-in|stuck)\//.test(k.key)).map((k) => [k.key.split('/')[1]!, json<SubmissionRecord>(k)]));

    /** What in the export stands for this key, and whether it is Ada's (and so in her export too). */
    const markOf = (k: StoredKey, o: StorageOwner): { mark: string | Buffer; ada: boolean } | null => {
      if (o.prefix === 'uploads/') {
        const record = recordOf.get(k.key.split('/')[1]!);
        // A held post's files were never judged: named in spam.csv, never exported.
        if (!record || !Object.values(record.data).some((v) => (v as { key?: string } | null)?.key === k.key)) return null;
        return { mark: k.bytes, ada: record.data.email === ADA };
      }
      if (o.prefix === 'audit/') {
        const entry = json<{ at: string; client?: string }>(k);
        return { mark: entry.at, ada: entry.client === emailHash(ADA) };
      }
      if (o.prefix === 'handled/') {
        const record = recordOf.get(k.key.split('/')[2]!)!;
        return { mark: String(k.metadata.handledAt), ada: record.data.email === ADA };
      }
      if (o.prefix === 'notes/') return { mark: k.key.split('/')[1]!, ada: k.key.endsWith(emailHash(ADA)) };
      if (k.store === 'comments') {
        const entryOf = (id: string | undefined) => keys.find((e) => e.store === 'comments' && e.key === `received/${id}`);
        if (o.prefix === 'received/') return { mark: json<CommentEntry>(k).id, ada: json<CommentEntry>(k).email === ADA };
        if (o.prefix === 'held/') return { mark: json<HeldComment>(k).id, ada: json<HeldComment>(k).fields.email === ADA };
        const copy = json<PublishedComment>(k);
        const entry = entryOf(copy.parentId ?? copy.id);
        return { mark: copy.id, ada: entry ? json<CommentEntry>(entry).email === ADA : false };
      }
      if (o.prefix === 'loop/') return { mark: `"commitmentId": "${json<LoopState>(k).commitmentId}"`, ada: json<LoopState>(k).clientHash === emailHash(ADA) };
      if (o.prefix === 'loop-clients/') return { mark: `"client": "${k.key.split('/')[1]!}"`, ada: k.key.endsWith(emailHash(ADA)) };
      const record = json<SubmissionRecord | SpamRecord>(k);
      return { mark: record.id, ada: ('data' in record ? record.data.email : record.fields.email) === ADA };
    };
    const contains = (zip: Map<string, Buffer>, where: string, mark: string | Buffer) =>
      [...zip].some(([name, bytes]) => (where.endsWith('/') ? name.startsWith(where) : name === where) && (typeof mark === 'string' ? bytes.toString('utf8').includes(mark) : bytes.equals(mark)));

    const missing: string[] = [];
    for (const k of keys) {
      const o = owner(k)!;
      if (!('in' in o.export)) continue;
      const found = markOf(k, o);
      if (!found) continue;
      const zips = (['client', 'everything'] as const).filter((scope) => (o.export as { scope: string }).scope === scope || (o.export as { scope: string }).scope === 'both');
      for (const scope of zips) {
        if (scope === 'client' && !found.ada) continue;
        for (const where of o.export.in) if (!contains(exports[scope], where, found.mark)) missing.push(`${k.key} not in ${scope} ${where}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
