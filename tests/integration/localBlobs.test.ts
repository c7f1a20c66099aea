/**
 * The local blobs server decides conditional writes one at a time per key, as Netlify's store
 * does; one-time links and create-only submissions depend on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBlobServer, type LocalBlobServer } from '../support/localStore';

let server: LocalBlobServer;
beforeAll(async () => {
  server = await startLocalBlobServer();
});
afterAll(async () => {
  await server.close();
});

describe('the local blobs server', () => {
  it('lets exactly one of several simultaneous create-only writes of a key through', async () => {
    const store = server.freshStore();

    const writes = await Promise.all(Array.from({ length: 8 }, (_, i) => store.set('claim', String(i), { onlyIfNew: true })));

    const winners = writes.flatMap((write, i) => (write.modified ? [String(i)] : []));
    expect(winners).toHaveLength(1);
    expect(await store.get('claim')).toBe(winners[0]);
  });

  it('still writes different keys side by side', async () => {
    const store = server.freshStore();

    const writes = await Promise.all(Array.from({ length: 8 }, (_, i) => store.set(`key-${i}`, String(i), { onlyIfNew: true })));

    expect(writes.every((write) => write.modified)).toBe(true);
  });

  it('answers reads with the ETag its compare-and-swap checks, so a stale write is refused', async () => {
    const store = server.freshStore();
    await store.setJSON('record', { version: 1 });
    const read = await store.getWithMetadata('record', { type: 'json' });

    const first = await store.setJSON('record', { version: 2 }, { onlyIfMatch: read!.etag! });
    const stale = await store.setJSON('record', { version: 3 }, { onlyIfMatch: read!.etag! });

    expect(read!.etag).toMatch(/^".+"$/);
    expect([first.modified, stale.modified]).toEqual([true, false]);
    expect(await store.get('record', { type: 'json' })).toEqual({ version: 2 });
  });

  it('gives every write a new ETag, so of two compare-and-swaps against one read only one lands, even within a millisecond', async () => {
    const store = server.freshStore();
    await store.setJSON('month', { writes: 0 });

    const rounds: boolean[][] = [];
    for (let round = 0; round < 20; round++) {
      const { etag } = (await store.getWithMetadata('month', { type: 'json' }))!;
      const writes = await Promise.all([1, 2].map((n) => store.setJSON('month', { writes: round * 2 + n }, { onlyIfMatch: etag! })));
      rounds.push(writes.map((write) => write.modified));
    }

    expect(rounds.filter((modified) => modified.filter(Boolean).length !== 1)).toEqual([]);
  });
});
