/**
 * The store toolkit (netlify/server/storeJson.ts) against the real local blobs server: records
 * are parsed on read, the one compare-and-swap loop lets every racing writer land and reports
 * contention as a value, and removeKeys says what it removed.
 */
import type { Store } from '@netlify/blobs';
import * as z from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeCalls } from '#server/storeCall.ts';
import { MALFORMED_RECORD, readJson, removeKeys, updateJson, WRITE_CONTENDED, type StoreCall } from '#server/storeJson.ts';
import { openSubmissionStore } from '#server/lifecycle/clientStores.ts';
import { listKeys, startLocalBlobServer, type LocalBlobServer } from '../support/localStore';

const Counter = z.object({ count: z.number(), by: z.array(z.string()) });
type Counter = z.infer<typeof Counter>;

let server: LocalBlobServer;
beforeAll(async () => {
  server = await startLocalBlobServer();
});
afterAll(async () => {
  await server.close();
});

describe('readJson', () => {
  it('parses a stored record with its schema', async () => {
    const store = server.freshStore();
    await store.setJSON('counters/a', { count: 2, by: ['x', 'y'] });
    expect(await readJson(store, 'counters/a', Counter)).toEqual({ ok: true, value: { count: 2, by: ['x', 'y'] } });
  });

  it('reads an absent key as null', async () => {
    expect(await readJson(server.freshStore(), 'counters/none', Counter)).toEqual({ ok: true, value: null });
  });

  it('turns a malformed record into an error that names the key and the fields, not the values', async () => {
    const store = server.freshStore();
    await store.setJSON('counters/bad', { count: 'secret@example.com', by: ['x'] });
    const read = await readJson(store, 'counters/bad', Counter);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error).toMatchObject({ name: MALFORMED_RECORD, key: 'counters/bad', issues: 'count' });
    expect(JSON.stringify(read.error)).not.toContain('secret@example.com');
  });

  it('reports a store failure as a value', async () => {
    const broken = { get: () => Promise.reject(new TypeError('fetch failed')) } as unknown as Store;
    expect(await readJson(broken, 'counters/a', Counter)).toEqual({ ok: false, error: { name: 'TypeError' } });
  });
});

describe('updateJson', () => {
  const add = (who: string) => (current: Counter) => ({ count: current.count + 1, by: [...current.by, who] });

  it('creates from the initial value, then changes what is there', async () => {
    const store = server.freshStore();
    const initial = { count: 0, by: [] };
    expect(await updateJson(store, 'c', Counter, add('a'), { initial })).toEqual({ ok: true, value: { value: { count: 1, by: ['a'] }, written: true } });
    expect(await updateJson(store, 'c', Counter, add('b'), { initial })).toEqual({ ok: true, value: { value: { count: 2, by: ['a', 'b'] }, written: true } });
  });

  it('leaves an absent key absent without an initial value, and writes nothing when the change makes none', async () => {
    const store = server.freshStore();
    expect(await updateJson(store, 'c', Counter, add('a'))).toEqual({ ok: true, value: { value: null, written: false } });
    expect(await listKeys(store)).toEqual([]);
    await store.setJSON('c', { count: 5, by: [] });
    expect(await updateJson(store, 'c', Counter, () => null)).toEqual({ ok: true, value: { value: { count: 5, by: [] }, written: false } });
  });

  it('lands every one of many concurrent updates against the real blob server', async () => {
    const store = server.freshStore();
    const writers = Array.from({ length: 12 }, (_, i) => `w${i}`);
    const results = await Promise.all(
      writers.map((who) =>
        updateJson(store, 'c', Counter, add(who), {
          initial: { count: 0, by: [] },
          tries: 40,
          waitAfter: (tried) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 10 * 2 ** tried))),
        }),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    const read = await readJson(store, 'c', Counter);
    expect(read.ok && read.value?.count).toBe(writers.length);
    expect(read.ok && [...read.value!.by].sort()).toEqual([...writers].sort());
  });

  it('reports contention as an error value once every try has lost', async () => {
    const store = server.freshStore();
    await store.setJSON('c', { count: 0, by: [] });
    let other = 0;
    // Another writer gets in before each of this writer's store calls, so every write finds the record changed since its read.
    const interrupted = storeCalls();
    const call: StoreCall = async (work) => {
      other += 1;
      await store.setJSON('c', { count: 100 + other, by: ['other'] });
      return interrupted(work);
    };
    let waits = 0;
    const result = await updateJson(store, 'c', Counter, add('me'), { call, tries: 3, contended: 'CounterContended', waitAfter: async () => void (waits += 1) });
    expect(result).toEqual({ ok: false, error: { name: 'CounterContended' } });
    expect(waits).toBe(3);
    const read = await readJson(store, 'c', Counter);
    expect(read.ok && read.value?.by).toEqual(['other']);
  });

  it('names contention WriteContended unless told otherwise', () => {
    expect(WRITE_CONTENDED).toBe('WriteContended');
  });

  it('refuses to change a malformed record', async () => {
    const store = server.freshStore();
    await store.setJSON('c', { count: 'many' });
    const result = await updateJson(store, 'c', Counter, add('a'));
    expect(result).toMatchObject({ ok: false, error: { name: MALFORMED_RECORD, key: 'c' } });
    expect(await store.get('c', { type: 'json' })).toEqual({ count: 'many' });
  });

  it('keeps the metadata read with the record when asked', async () => {
    const store = server.freshStore();
    await store.setJSON('c', { count: 0, by: [] }, { metadata: { contentHash: 'h1' } });
    await updateJson(store, 'c', Counter, add('a'), { keepMetadata: true });
    expect((await store.getMetadata('c'))?.metadata).toEqual({ contentHash: 'h1' });
  });
});

describe('removeKeys', () => {
  it('deletes the keys that exist and returns only those', async () => {
    const store = server.freshStore();
    await store.set('a', '');
    await store.setJSON('b/c', { x: 1 });
    await store.set('keep', '');
    expect(await removeKeys(store, ['a', 'missing', 'b/c'])).toEqual({ ok: true, value: ['a', 'b/c'] });
    expect(await listKeys(store)).toEqual(['keep']);
    expect(await removeKeys(store, ['a'])).toEqual({ ok: true, value: [] });
  });
});

describe('the submission store, reading back', () => {
  it('refuses a stored record that is not a submission, naming its key and fields, never its values', async () => {
    const store = openSubmissionStore(server.freshStore());
    const blobs = server.freshStore();
    const broken = openSubmissionStore(blobs);
    await blobs.setJSON('intake/abc', { id: 'abc', kind: 'intake', createdAt: 'x', data: { email: 'secret@example.com' }, notifications: { coach: { status: 'sent' } } });

    const read = await broken.get('intake', 'abc');

    expect(read).toEqual({ ok: false, error: { name: 'MalformedRecord', key: 'intake/abc', issues: expect.stringContaining('notifications.coach.attempts') } });
    expect(JSON.stringify(read)).not.toContain('secret@example.com');
    expect(await store.get('intake', 'abc')).toEqual({ ok: true, value: null });
  });

  it('keeps a field it does not know when a record is read', async () => {
    const blobs = server.freshStore();
    const record = { id: 'def', kind: 'intake', createdAt: '2026-12-01T10:00:00.000Z', data: {}, notifications: { coach: { status: 'sent', attempts: 1 }, client: { status: 'pending', attempts: 0 } }, later: 'kept' };
    await blobs.setJSON('intake/def', record);

    const read = await openSubmissionStore(blobs).get('intake', 'def');

    expect(read.ok && read.value?.record).toEqual(record);
  });
});
