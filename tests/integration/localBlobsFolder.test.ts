/**
 * One local blob server per data folder: `npm start`, `npm run jobs` and the scripts each start
 * the local store over `.data/`, and two servers over one folder race each other's
 * compare-and-swap (two overlapping `npm run jobs` sent emails twice). The second to start uses
 * the first's server, and serves the folder itself once the first has ended.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverNoteOf, startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';

let folder: string;
const started: LocalBlobs[] = [];

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'unstuck-one-server-'));
});
afterAll(async () => {
  for (const blobs of started) await blobs.stop();
  await rm(folder, { recursive: true, force: true });
});

async function start(directory: string): Promise<LocalBlobs> {
  const blobs = await startLocalBlobs(directory);
  started.push(blobs);
  return blobs;
}

const storeOf = (blobs: LocalBlobs, name = 'emails') => {
  const context = JSON.parse(Buffer.from(blobs.context, 'base64').toString('utf8')) as { edgeURL: string; uncachedEdgeURL: string; siteID: string; token: string };
  return getStore({ name, consistency: 'strong', ...context });
};

describe('two processes starting the local store over one folder', () => {
  it('share one server, so a create-only write of one key succeeds once across both', async () => {
    const directory = path.join(folder, 'shared', 'blobs');
    const [first, second] = await Promise.all([start(directory), start(directory)]);

    const tries = Array.from({ length: 40 }, (_, i) => storeOf(i % 2 ? first! : second!).set('sent/once', String(i), { onlyIfNew: true }));
    const written = (await Promise.all(tries)).filter((result) => result.modified);

    expect(written).toHaveLength(1);
    expect(second!.port).toBe(first!.port);
  });

  it('replaces a note left by a process that has ended', async () => {
    const directory = path.join(folder, 'stale', 'blobs');
    await mkdir(path.dirname(directory), { recursive: true });
    await writeFile(serverNoteOf(directory), JSON.stringify({ pid: 2 ** 22 + 1, port: 1, token: 'gone' }));

    const blobs = await start(directory);
    await storeOf(blobs).set('k', 'v');

    expect(JSON.parse(await readFile(serverNoteOf(directory), 'utf8'))).toMatchObject({ pid: process.pid, port: blobs.port });
    expect(await storeOf(blobs).get('k')).toBe('v');
  });

  it('keeps working for the second when the first ends: it then serves the folder on the same port', async () => {
    const directory = path.join(folder, 'handover', 'blobs');
    const first = await startLocalBlobs(directory);
    const second = await start(directory);
    await storeOf(first).set('written-before', 'kept');

    await first.stop();
    let read: string | null = null;
    for (let i = 0; i < 40 && read === null; i++) read = await storeOf(second).get('written-before', { type: 'text' }).catch(() => new Promise<null>((resolve) => setTimeout(() => resolve(null), 100)));

    expect(read).toBe('kept');
    expect(JSON.parse(await readFile(serverNoteOf(directory), 'utf8'))).toMatchObject({ port: second.port });
  });
});
