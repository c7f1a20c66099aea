/**
 * The coach's data commands against a real local store: erase one client's everything, and
 * remove what is past the retention period. (Own file: the commands set NETLIFY_BLOBS_CONTEXT.)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore, type Store } from '@netlify/blobs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { createOutboxMailer, readOutbox } from '#local/outboxMailer.ts';
import { createDeskStore, DESK_STORE } from '#server/desk/deskStore.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { openSubmissionStore } from '#server/lifecycle/clientStores.ts';
import { erase } from '#scripts/erase.ts';
import { purgeExpired, retentionCutoff } from '#scripts/retention.ts';
import { createUsedLinks, USED_LINKS_STORE, usedLinkKey } from '#server/links/usedLinks.ts';
import { newLinkId } from '#server/links/signedLinks.ts';
import { SITE } from '#src/site.config.ts';
import { fileOf, pdfBytes } from '../support/documents';
import { childEnv, ROOT } from '../support/fixtureSite';
import { formPost, handlersOf, VALID, type HANDLERS } from '../support/forms';
import { listKeys } from '../support/localStore';
import { createTestClock, makeDeps, type TestClock } from '../support/pipeline';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';

let dataDir: string;
let blobs: LocalBlobs;
let submissions: Store;
let outbox: Store;
let clock: TestClock;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-lifecycle-'));
  blobs = await startLocalBlobs(path.join(dataDir, 'blobs'));
  process.env.NETLIFY_BLOBS_CONTEXT = blobs.context;
  submissions = getStore({ name: 'submissions', consistency: 'strong' });
  outbox = getStore({ name: 'outbox', consistency: 'strong' });
  clock = createTestClock('2026-11-25T12:00:00Z');
});
afterEach(async () => {
  await blobs.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Submits through the real pipeline, with the local outbox as the mailer, as `npm start` does. */
async function submit(kind: keyof typeof HANDLERS, fields: Record<string, string>, files: Record<string, File> = {}) {
  const deps = { ...makeDeps({ blobs: submissions, resendUrl: 'http://127.0.0.1:9', clock }).deps, store: openSubmissionStore(submissions), mailer: createOutboxMailer(outbox, () => clock.now()) };
  const response = await handleSubmission(formPost(kind, fields, { encoding: 'multipart', files }), handlersOf(deps)[kind], deps);
  expect(response.status).toBe(201);
}

describe('npm run erase', () => {
  it('removes every record, upload, pointer, pending marker and outbox email of one client, and nothing of anyone else', async () => {
    const ada = VALID.intake();
    await submit('intake', ada, { resume: fileOf(pdfBytes(), 'cv.pdf', 'application/pdf') });
    await submit('reflection', VALID.reflection({ email: ada.email }));
    await submit('reflection', VALID.reflection({ email: ada.email, [HONEYPOT_FIELD]: 'bot' }));
    const grace = VALID.commitment();
    await submit('commitment', grace);
    const before = await listKeys(submissions);

    const { removed } = await erase(ada.email!.toUpperCase(), dataDir);

    const after = await listKeys(submissions);
    expect(after.every((key) => !removed.includes(key))).toBe(true);
    expect(after).toContain(`commitment/${grace.id}`);
    expect(after.filter((key) => key.startsWith('uploads/'))).toEqual([]);
    expect(after.filter((key) => key.startsWith('spam/'))).toEqual([]);
    expect(before.length - after.length).toBe(removed.filter((key) => !key.startsWith('outbox/') && !key.startsWith('desk/')).length);
    expect(removed.some((key) => key.startsWith(`intake/${ada.id}`))).toBe(true);
    const left = await readOutbox(outbox);
    expect(left.length).toBe(2);
    expect(left.every((message) => message.to[0] !== ada.email && message.replyTo !== ada.email)).toBe(true);
  });

  it('also removes the coach’s note on the client, and their code from the desk’s activity log', async () => {
    const ada = VALID.reflection();
    await submit('reflection', ada);
    const desk = createDeskStore(getStore({ name: DESK_STORE, consistency: 'strong' }));
    const hash = emailHash(ada.email!);
    await desk.setNote(hash, { text: 'Ask about the course', updatedAt: clock.now().toISOString() });
    await desk.audit({ at: clock.now().toISOString(), action: 'read', client: hash });

    const { removed, forgotten } = await erase(ada.email!, dataDir);

    expect(removed).toContain(`desk/notes/${hash}`);
    expect(forgotten).toBe(1);
    expect(await desk.getNote(hash)).toEqual({ ok: true, value: null });
    expect(await desk.listAudit([clock.now().toISOString().slice(0, 7)], 10)).toMatchObject({ ok: true, value: [{ action: 'read', client: 'erased' }] });
  });

  it('says so when there is nothing to remove, and explains how to call it', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) =>
        execFile(process.execPath, [path.join(ROOT, 'scripts/erase.ts'), ...args], { cwd: dataDir, env: childEnv() }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, out: stdout + stderr }),
        ),
      );
    expect(await run([])).toMatchObject({ code: 2, out: expect.stringContaining('Usage: npm run erase -- someone@example.com') });
  });
});

describe('npm run retention', () => {
  it(`removes submissions older than ${SITE.retentionMonths} months with their uploads, and keeps newer ones`, async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const cutoff = retentionCutoff(now);
    clock.set(new Date(cutoff.getTime() - 86_400_000).toISOString());
    const old = VALID.intake();
    await submit('intake', old, { resume: fileOf(pdfBytes(), 'cv.pdf', 'application/pdf') });
    clock.set(new Date(cutoff.getTime() + 86_400_000).toISOString());
    const recent = VALID.reflection();
    await submit('reflection', recent);

    const { removed } = await purgeExpired(now, dataDir);

    const keys = await listKeys(submissions);
    expect(removed).toContain(`intake/${old.id}`);
    expect(keys.some((key) => key.includes(old.id!))).toBe(false);
    expect(keys.filter((key) => key.startsWith('clients/')).length).toBe(1);
    expect(keys).toContain(`reflection/${recent.id}`);
  });

  it('removes what a failed attempt left behind once a day old, and used-link markers once their links are long expired', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    const stalePointer = `clients/${'a'.repeat(32)}/intake/${crypto.randomUUID()}`;
    const freshPointer = `clients/${'b'.repeat(32)}/intake/${crypto.randomUUID()}`;
    await submissions.set(stalePointer, '', { metadata: { createdAt: daysAgo(2) } });
    await submissions.set(freshPointer, '', { metadata: { createdAt: daysAgo(0.5) } });
    const links = createUsedLinks(getStore({ name: USED_LINKS_STORE, consistency: 'strong' }));
    const expired = { purpose: 'test', lid: newLinkId(), expiresAt: new Date(daysAgo(3)), params: {} };
    const current = { purpose: 'test', lid: newLinkId(), expiresAt: new Date(daysAgo(-1)), params: {} };
    for (const link of [expired, current]) await links.markUsed(link, new Date(daysAgo(4)));

    const { removed } = await purgeExpired(now, dataDir);

    expect(removed).toContain(stalePointer);
    expect(removed).not.toContain(freshPointer);
    expect(removed).toContain(`links/${usedLinkKey(expired.lid)}`);
    expect(removed).not.toContain(`links/${usedLinkKey(current.lid)}`);
  });

  it('removes the desk’s ended sessions and activity older than the retention period', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const desk = createDeskStore(getStore({ name: DESK_STORE, consistency: 'strong' }));
    await desk.createSession('ended', { createdAt: '2026-11-24T00:00:00Z', expiresAt: '2026-11-24T12:00:00Z' });
    await desk.createSession('live', { createdAt: '2026-11-25T11:00:00Z', expiresAt: '2026-11-25T23:00:00Z' });
    await desk.audit({ at: '2024-10-01T09:00:00.000Z', action: 'sign-in' });
    await desk.audit({ at: '2026-11-01T09:00:00.000Z', action: 'sign-in' });

    const { removed } = await purgeExpired(now, dataDir);

    expect(removed).toContain('desk/sessions/ended');
    expect(removed).not.toContain('desk/sessions/live');
    expect(removed.filter((key) => key.startsWith('desk/audit/'))).toEqual([expect.stringContaining('desk/audit/2024-10/')]);
  });
});
