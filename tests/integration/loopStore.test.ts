/**
 * The homework loop's state on the real local blobs server: due keys before the state, one
 * start however many times it is called, compare-and-swap that never loses a change, and
 * removal of everything a commitment's plan wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeredKey, createLoopStore, dueKey, overdueKey, textKey, type LoopState } from '#server/loop/loopStore.ts';
import { listKeys, startLocalBlobServer, type LocalBlobServer } from '../support/localStore';

let server: LocalBlobServer;
beforeAll(async () => void (server = await startLocalBlobServer()));
afterAll(() => server.close());

const state = (id: string, overrides: Partial<LoopState> = {}): LoopState => ({
  version: 1,
  commitmentId: id,
  clientHash: 'c'.repeat(32),
  deadline: '2026-12-01T18:00:00.000Z',
  timeZone: 'America/Chicago',
  channel: 'email',
  startedAt: '2026-11-27T10:00:00.000Z',
  checkInLid: 'lid-0123456789abcdef',
  plan: { reminder: '2026-11-30T14:00:00.000Z', 'check-in': '2026-12-01T18:00:00.000Z', 'follow-up': '2026-12-03T18:00:00.000Z' },
  sends: {},
  ...overrides,
});

describe('the loop store', () => {
  it('starts a loop once, with a due key for each planned step in its UTC hour', async () => {
    const blobs = server.freshStore();
    const loop = createLoopStore(blobs);

    expect(await loop.start(state('a'))).toEqual({ ok: true, value: 'created' });
    expect(await loop.start(state('a', { channel: 'text' }))).toEqual({ ok: true, value: 'exists' });

    expect((await loop.get('a')).ok && (await loop.get('a'))).toMatchObject({ value: { state: { channel: 'email' } } });
    expect(await loop.listDue('2026-11-30T14')).toEqual({ ok: true, value: [{ commitmentId: 'a', step: 'reminder', key: 'due/2026-11-30T14/a.reminder' }] });
    expect(await loop.listDueHours()).toEqual({ ok: true, value: ['2026-11-30T14', '2026-12-01T18', '2026-12-03T18'] });
  });

  it('keeps every one of many simultaneous changes', async () => {
    const loop = createLoopStore(server.freshStore());
    await loop.start(state('b'));

    const steps = ['reminder', 'check-in', 'follow-up'] as const;
    const results = await Promise.all(
      steps.map((step) => loop.update('b', (s) => ({ ...s, sends: { ...s.sends, [step]: { state: 'sent', at: s.startedAt, idempotencyKey: `loop/b/${step}`, attempts: 1 } } }))),
    );

    expect(results.every((r) => r.ok)).toBe(true);
    const read = await loop.get('b');
    expect(read.ok && Object.keys(read.value!.state.sends).sort()).toEqual(['check-in', 'follow-up', 'reminder']);
  });

  it('changes nothing for a change that returns null, or a commitment with no loop', async () => {
    const loop = createLoopStore(server.freshStore());
    expect(await loop.update('missing', (s) => s)).toEqual({ ok: true, value: null });
  });

  it('removes a loop with every due key its plan wrote, and a client’s settings', async () => {
    const blobs = server.freshStore();
    const loop = createLoopStore(blobs);
    await loop.start(state('c', { answer: { answer: 'done', at: '2026-12-01T17:00:00.000Z', by: 'client' } }));
    await loop.mark(overdueKey('c'));
    await loop.mark(textKey('c', 'check-in'));
    await loop.mark(answeredKey('2026-12-01T17:00:00.000Z', 'c'));
    await loop.updateClient('h1', (s) => ({ ...s, stoppedAt: '2026-11-28T00:00:00.000Z' }));

    const removed = await loop.remove('c');
    const removedClient = await loop.removeClient('h1');

    expect(removed.ok && removed.value).toContain(dueKey('2026-12-01T18:00:00.000Z', 'c', 'check-in'));
    expect(removed.ok && removed.value).toContain('answered/2026-12-01/c');
    expect(removedClient).toEqual({ ok: true, value: ['loop-clients/h1'] });
    expect(await listKeys(blobs)).toEqual([]);
  });

  it('gives a new client link version 1, and raises it on request', async () => {
    const loop = createLoopStore(server.freshStore());
    expect(await loop.getClient('h2')).toEqual({ ok: true, value: { linkVersion: 1 } });
    await loop.updateClient('h2', (s) => ({ ...s, linkVersion: s.linkVersion + 1 }));
    expect(await loop.getClient('h2')).toEqual({ ok: true, value: { linkVersion: 2 } });
  });
});
