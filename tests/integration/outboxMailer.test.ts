/** The local outbox is a store write like any other: a hung store leaves the email pending, never the request hanging. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import { createOutboxMailer, readOutbox } from '#local/outboxMailer.ts';

let dir: string;
let blobs: LocalBlobs;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'unstuck-outbox-'));
  blobs = await startLocalBlobs(dir, { faults: true });
});
afterAll(async () => {
  await blobs.stop();
  await rm(dir, { recursive: true, force: true });
});

const message = { from: 'Unstuck <hello@example.com>', to: ['client@example.com'], subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' };

describe('the local outbox', () => {
  it('gives up on a store that never answers, and says so, so the email stays pending', async () => {
    process.env.NETLIFY_BLOBS_CONTEXT = blobs.context;
    const outbox = getStore({ name: `outbox-${Math.random().toString(36).slice(2)}`, consistency: 'strong' });
    blobs.faults!.mode = 'hang';
    try {
      // A hung store fails at the deadline whatever the machine's speed; the deadline is kept short here.
      const sent = await createOutboxMailer(outbox, () => new Date(), { deadlineMs: 200 }).send(message, { idempotencyKey: 'test/1/client' });
      expect(sent).toEqual({ ok: false, error: { kind: 'transient', name: 'StoreTimeout' } });
    } finally {
      blobs.faults!.mode = 'none';
    }
    const again = await createOutboxMailer(outbox).send(message, { idempotencyKey: 'test/1/client' });
    expect(again.ok).toBe(true);
    expect((await readOutbox(outbox)).map((m) => m.idempotencyKey)).toEqual(['test/1/client']);
  });
});
