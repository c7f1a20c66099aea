import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore, type Store } from '@netlify/blobs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleSubmission, UNCONFIRMED_MESSAGE } from '#server/submissions/handleSubmission.ts';
import { retryPending } from '#server/submissions/retryPending.ts';
import { startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import type { FaultMode } from '#local/faultProxy.ts';
import { startFakeResend, type FakeResend } from '#local/fakeResend.ts';
import { formPost, HANDLERS, VALID } from '../support/forms';
import { listKeys } from '../support/localStore';
import { createTestClock, makeDeps } from '../support/pipeline';

let dir: string;
let blobs: LocalBlobs;
let store: Store;
let resend: FakeResend;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'unstuck-faults-'));
  blobs = await startLocalBlobs(dir, { faults: true });
  process.env.NETLIFY_BLOBS_CONTEXT = blobs.context;
});
afterAll(async () => {
  await blobs.stop();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  store = getStore({ name: `faults-${Math.random().toString(36).slice(2)}`, consistency: 'strong' });
  resend = await startFakeResend();
});
afterEach(async () => {
  blobs.faults!.mode = 'none';
  await resend.close();
});

/**
 * Two store deadlines, so that no test races the machine's speed. While the store is faulty no
 * operation can succeed (`hang` never answers; `unavailable` and `reset` never reach the store),
 * so the outcome is the same on any machine and a short deadline only keeps the test quick.
 * While the store is healthy the operation must finish, so it gets a deadline well beyond the
 * production one (STORE_DEADLINE_MS), which even a busy machine meets.
 */
const FAULTY_STORE_DEADLINE_MS = 200;
const HEALTHY_STORE_DEADLINE_MS = 15_000;

const depsWithDeadline = (storeDeadlineMs: number) =>
  makeDeps({ blobs: store, resendUrl: resend.url, clock: createTestClock('2026-11-25T12:00:00Z'), storeDeadlineMs }).deps;
/** For requests made while the store is faulty: they fail whatever the deadline. */
const faultyDeps = () => depsWithDeadline(FAULTY_STORE_DEADLINE_MS);
/** For requests that must succeed against the healthy store. */
const healthyDeps = () => depsWithDeadline(HEALTHY_STORE_DEADLINE_MS);

describe.each<FaultMode>(['unavailable', 'hang', 'reset'])('when the blob store is %s', (mode) => {
  it('answers 503 saying it could not confirm the answers were saved, sends nothing, and accepts the same answers once it is back', async () => {
    const fields = VALID.intake();
    blobs.faults!.mode = mode;

    const refused = await handleSubmission(formPost('intake', fields), HANDLERS.intake, faultyDeps());

    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toEqual({ error: { code: 'storage_unconfirmed', message: UNCONFIRMED_MESSAGE } });
    expect(resend.sent).toEqual([]);

    blobs.faults!.mode = 'none';
    const again = await handleSubmission(formPost('intake', fields), HANDLERS.intake, healthyDeps());
    expect(again.status).toBe(201);
    expect(resend.sent.map((email) => email.idempotencyKey).sort()).toEqual([`intake/${fields.id}/client`, `intake/${fields.id}/coach`]);
  });
});

describe('a browser post while the blob store is down', () => {
  it('gets a page that says the answers could not be confirmed, that sending again is safe, and that going back keeps them', async () => {
    blobs.faults!.mode = 'unavailable';
    const response = await handleSubmission(formPost('reflection', VALID.reflection(), { encoding: 'urlencoded', accept: 'text/html' }), HANDLERS.reflection, faultyDeps());
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(html).toContain('<h1>We could not confirm that your answers arrived</h1>');
    expect(html).toContain('Sending them again is safe');
    expect(html).not.toContain('nothing was sent');
    expect(html).toMatch(/Back button<\/strong> to return to the form; what you typed is still there/);
  });
});

describe('the retry job while the blob store is down', () => {
  it('reports the failure and leaves every pending notification for its next run', async () => {
    blobs.faults!.mode = 'none';
    const fields = VALID.reflection();
    resend.failNext(2, 'server_error');
    await handleSubmission(formPost('reflection', fields), HANDLERS.reflection, healthyDeps());

    blobs.faults!.mode = 'unavailable';
    expect((await retryPending(faultyDeps())).failed).toBe(true);

    blobs.faults!.mode = 'none';
    expect(await listKeys(store)).toContain(`pending/reflection/${fields.id}`);
  });
});
