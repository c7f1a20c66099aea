/** `npm run spam`: the coach lists, releases and deletes held posts in the local store. (Own file: it sets NETLIFY_BLOBS_CONTEXT.) */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore } from '@netlify/blobs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { startLocalBlobs } from '#local/blobs.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { runSpamCommand } from '#scripts/spam.ts';
import { childEnv, ROOT } from '../support/fixtureSite';
import { formPost, handlersOf, VALID } from '../support/forms';
import { createTestClock, makeDeps } from '../support/pipeline';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-spam-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

/** Holds one reflection as spam in the local store under dataDir, as `npm start` would. */
async function holdOne() {
  const blobs = await startLocalBlobs(path.join(dataDir, 'blobs'));
  process.env.NETLIFY_BLOBS_CONTEXT = blobs.context;
  const store = getStore({ name: 'submissions', consistency: 'strong' });
  const { deps } = makeDeps({ blobs: store, resendUrl: 'http://127.0.0.1:9', clock: createTestClock('2026-11-25T12:00:00Z') });
  const fields = VALID.reflection({ [HONEYPOT_FIELD]: 'bot' });
  await handleSubmission(formPost('reflection', fields), handlersOf(deps).reflection, deps);
  await blobs.stop();
  return fields;
}

describe('npm run spam', () => {
  it('lists what is held, with who it says it is from and why', async () => {
    const fields = await holdOne();

    const listed = await runSpamCommand(['list'], dataDir);

    expect(listed.code).toBe(0);
    expect(listed.output).toContain(fields.id);
    expect(listed.output).toContain(fields.email);
    expect(listed.output).toContain('honeypot');
  });

  it('releases a held post into the submissions, pending its emails', async () => {
    const fields = await holdOne();

    const released = await runSpamCommand(['release', fields.id!], dataDir);
    const after = await runSpamCommand(['list'], dataDir);

    expect(released).toEqual({ code: 0, output: expect.stringContaining(`Released as reflection/${fields.id}`) });
    expect(after.output).toContain('Nothing is held as spam');
  });

  it('deletes a held post, and says so when there is nothing under that id', async () => {
    const fields = await holdOne();

    expect(await runSpamCommand(['delete', fields.id!], dataDir)).toMatchObject({ code: 0, output: expect.stringContaining(`spam/${fields.id}`) });
    expect(await runSpamCommand(['delete', fields.id!], dataDir)).toMatchObject({ code: 1, output: `Nothing is held under ${fields.id}.` });
  });

  it('explains its usage when run without a command', async () => {
    const result = await new Promise<{ code: number; err: string }>((resolve) => {
      execFile(process.execPath, [path.join(ROOT, 'scripts/spam.ts')], { cwd: dataDir, env: childEnv() }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, err: stderr }),
      );
    });
    expect(result).toEqual({ code: 2, err: expect.stringContaining('Usage: npm run spam -- list | release <id> | delete <id>') });
  });
});
