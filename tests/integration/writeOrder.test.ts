/**
 * A store that fails at its Nth call, for every N a submission makes: whatever the client is
 * told is true, sending again is safe, nothing stored is left unnotified or unreachable, and
 * what a failed attempt leaves behind is found by erase and by retention.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore, type Store } from '@netlify/blobs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleSubmission, UNCONFIRMED_MESSAGE } from '#server/submissions/handleSubmission.ts';
import { retryPending } from '#server/submissions/retryPending.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import { fileOf, pdfBytes } from '../support/documents';
import { startFakeResend, type FakeResend } from '#local/fakeResend.ts';
import { formPost, HANDLERS, VALID, type Fields } from '../support/forms';
import { listKeys } from '../support/localStore';
import { createTestClock, makeDeps } from '../support/pipeline';

let dir: string;
let blobs: LocalBlobs;
let store: Store;
let resend: FakeResend;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'unstuck-write-order-'));
  blobs = await startLocalBlobs(dir, { faults: true });
});
afterAll(async () => {
  await blobs.stop();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  process.env.NETLIFY_BLOBS_CONTEXT = blobs.context;
  blobs.faults!.mode = 'none';
  store = getStore({ name: `order-${Math.random().toString(36).slice(2)}`, consistency: 'strong' });
  resend = await startFakeResend();
});
afterEach(async () => {
  blobs.faults!.mode = 'none';
  await resend.close();
});

const clock = createTestClock('2026-11-25T12:00:00Z');
// A lost answer can only be noticed by waiting; an unavailable store answers at once. Whatever a
// short deadline cuts off on a slow machine is one more unconfirmed write, which the checks cover too.
const deps = () => makeDeps({ blobs: store, resendUrl: resend.url, clock, storeDeadlineMs: 600 }).deps;

const intakeWithResume = (fields: Fields) =>
  formPost('intake', fields, { encoding: 'multipart', files: { resume: fileOf(pdfBytes(), 'resume.pdf', 'application/pdf') } });

/** Every key in the store that belongs to the submission or its client. */
async function keysOf(id: string, email: string): Promise<string[]> {
  return (await listKeys(store)).filter((key) => key.includes(id) || key.includes(emailHash(email)));
}

/** Posts with the store failing at call `n`; undefined once the post no longer reaches call `n`. */
async function postFailingAt(n: number, mode: 'unavailable' | 'lose_answer', fields: Fields) {
  blobs.faults!.failAfter(n - 1, mode);
  const response = await handleSubmission(intakeWithResume(fields), HANDLERS.intake, deps());
  const reached = blobs.faults!.requests >= n;
  blobs.faults!.mode = 'none';
  blobs.faults!.failAfter(Number.POSITIVE_INFINITY, 'unavailable');
  return reached ? response : undefined;
}

describe.each(['unavailable', 'lose_answer'] as const)('a store that becomes %s at its Nth call', (mode) => {
  it('tells the client only what is true, and a resend is stored and emailed exactly once, for every N', async () => {
    let n = 1;
    for (; n < 40; n++) {
      const fields = VALID.intake();
      const response = await postFailingAt(n, mode, fields);
      if (!response) break;

      if (response.status !== 201) {
        expect(response.status, `call ${n}`).toBe(503);
        expect(await response.json()).toEqual({ error: { code: 'storage_unconfirmed', message: UNCONFIRMED_MESSAGE } });
      }
      const resent = await handleSubmission(intakeWithResume(fields), HANDLERS.intake, deps());
      expect(resent.status, `resend after a failure at call ${n}`).toBe(201);
      expect(await resent.json()).toEqual({ id: fields.id });
      await retryPending(deps());

      const keys = await keysOf(fields.id!, fields.email!);
      expect(keys.filter((key) => key.startsWith('intake/')), `call ${n}`).toEqual([`intake/${fields.id}`]);
      expect(keys, `call ${n}`).toContain(`clients/${emailHash(fields.email!)}/intake/${fields.id}`);
      expect(keys.filter((key) => key.startsWith('pending/')), `call ${n}`).toEqual([]);
      const sent = resend.sent.filter((email) => email.idempotencyKey?.startsWith(`intake/${fields.id}/`));
      expect(sent.map((email) => email.idempotencyKey).sort(), `call ${n}`).toEqual([`intake/${fields.id}/client`, `intake/${fields.id}/coach`]);
    }
    // The loop must have covered every call an intake with a file makes.
    expect(n).toBeGreaterThan(5);
  }, 120_000); // a lost answer is only noticed at the store deadline, once per call
});

describe('a record stored just before the store failed', () => {
  it('is always known to the retry job, which emails it without any resend, for every N', async () => {
    for (let n = 1; n < 40; n++) {
      const fields = VALID.intake();
      const response = await postFailingAt(n, 'unavailable', fields);
      if (!response) break;

      // No resend: the client may never come back. The retry job alone must finish the work.
      clock.set(clock.now().toISOString(), 20 * 60_000);
      await retryPending(deps());
      await retryPending(deps());

      const stored = await store.get(`intake/${fields.id}`, { type: 'json' });
      if (!stored) continue;
      const sent = resend.sent.filter((email) => email.idempotencyKey?.startsWith(`intake/${fields.id}/`));
      expect(sent.map((email) => email.idempotencyKey).sort(), `a record stored before a failure at call ${n}`).toEqual([`intake/${fields.id}/client`, `intake/${fields.id}/coach`]);
    }
  });
});

describe('what a failed attempt leaves behind', () => {
  it('is removed by erasing the client, for every call the store could fail at', async () => {
    for (let n = 1; n < 40; n++) {
      const fields = VALID.intake();
      const response = await postFailingAt(n, 'unavailable', fields);
      if (!response) break;
      if (response.status === 201) continue;

      const erased = await deps().store.eraseClient(fields.email!.toUpperCase());

      expect(erased.ok).toBe(true);
      expect(await keysOf(fields.id!, fields.email!), `call ${n}`).toEqual([]);
    }
  });

  it('is removed by retention once it is a day old, and not before', async () => {
    // The first N at which a failure leaves both the pointer and the file behind.
    const leftBehind = (keys: string[]) => keys.some((key) => key.startsWith('uploads/')) && keys.some((key) => key.startsWith('clients/'));
    let leftovers: string[] = [];
    for (let n = 1; n < 40 && !leftBehind(leftovers); n++) {
      const fields = VALID.intake();
      const response = await postFailingAt(n, 'unavailable', fields);
      if (!response || response.status === 201) break;
      leftovers = (await keysOf(fields.id!, fields.email!)).filter((key) => !key.startsWith('pending/'));
    }
    expect(leftovers.some((key) => key.startsWith('uploads/'))).toBe(true);
    expect(leftovers.some((key) => key.startsWith('clients/'))).toBe(true);
    const farPast = new Date(0);

    const early = await deps().store.purgeCreatedBefore(farPast, new Date(clock.now().getTime() - 24 * 3600_000));
    const late = await deps().store.purgeCreatedBefore(farPast, new Date(clock.now().getTime() + 1));

    expect(early).toEqual({ ok: true, value: [] });
    expect(late.ok && late.value).toEqual(expect.arrayContaining(leftovers));
    expect((await listKeys(store)).filter((key) => /^(clients|uploads)\//.test(key))).toEqual([]);
  });
});
