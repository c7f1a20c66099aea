/**
 * `npm run erase` finds a client's records whatever the case of the address: as stored and as
 * asked for may differ (Jo@Example.COM typed in a form, jo@example.com in an email to the coach).
 * (Own file: the command sets NETLIFY_BLOBS_CONTEXT.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore, type Store } from '@netlify/blobs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { createOutboxMailer, readOutbox } from '#local/outboxMailer.ts';
import { clientPrefix } from '#server/submissions/submissionStore.ts';
import { openSubmissionStore } from '#server/lifecycle/clientStores.ts';
import { erase } from '#scripts/erase.ts';
import { fileOf, pdfBytes } from '../support/documents';
import { formPost, HANDLERS, VALID } from '../support/forms';
import { listKeys } from '../support/localStore';
import { createTestClock, makeDeps } from '../support/pipeline';

let dataDir: string;
let blobs: LocalBlobs;
let submissions: Store;
let outbox: Store;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-erase-case-'));
  blobs = await startLocalBlobs(path.join(dataDir, 'blobs'));
  process.env.NETLIFY_BLOBS_CONTEXT = blobs.context;
  submissions = getStore({ name: 'submissions', consistency: 'strong' });
  outbox = getStore({ name: 'outbox', consistency: 'strong' });
});
afterEach(async () => {
  await blobs.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** An intake with a resume and a reflection from one address, through the real pipeline and the local outbox. */
async function submitAs(email: string) {
  const clock = createTestClock('2026-11-25T12:00:00Z');
  const deps = { ...makeDeps({ blobs: submissions, resendUrl: 'http://127.0.0.1:9', clock }).deps, store: openSubmissionStore(submissions), mailer: createOutboxMailer(outbox, () => clock.now()) };
  const intake = VALID.intake({ email });
  const posts = [
    formPost('intake', intake, { encoding: 'multipart', files: { resume: fileOf(pdfBytes(), 'cv.pdf') } }),
    formPost('reflection', VALID.reflection({ email }), { encoding: 'multipart' }),
  ];
  for (const [i, post] of posts.entries()) expect((await handleSubmission(post, [HANDLERS.intake, HANDLERS.reflection][i]!, deps)).status).toBe(201);
}

describe('npm run erase, whatever the case of the address', () => {
  it.each([
    { stored: 'Jo@Example.COM', asked: 'jo@example.com' },
    { stored: 'jo@example.com', asked: 'Jo@Example.COM' },
  ])('erases what was stored as $stored when asked for $asked: records, uploads, pointers and outbox', async ({ stored, asked }) => {
    await submitAs(stored);
    const keys = await listKeys(submissions);
    const pointers = keys.filter((key) => key.startsWith('clients/'));
    expect(pointers).toHaveLength(2);
    expect(pointers.every((key) => key.startsWith(clientPrefix(asked)))).toBe(true);
    expect(keys.some((key) => key.startsWith('uploads/'))).toBe(true);
    expect((await readOutbox(outbox)).length).toBe(4);

    const { removed } = await erase(asked, dataDir);

    expect(await listKeys(submissions)).toEqual([]);
    expect(await readOutbox(outbox)).toEqual([]);
    expect(removed).toEqual(expect.arrayContaining([...keys, ...pointers]));
    expect(removed.filter((key) => key.startsWith('outbox/'))).toHaveLength(4);
  });
});
