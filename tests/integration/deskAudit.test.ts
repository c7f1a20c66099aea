/** The activity log grows with every page the coach opens: erasing one client reads only their entries. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskStore } from '#server/desk/deskStore.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { listKeys, startLocalBlobServer, type LocalBlobServer } from '../support/localStore';

let server: LocalBlobServer;
beforeAll(async () => {
  server = await startLocalBlobServer();
});
afterAll(() => server.close());

describe('the activity log', () => {
  it('forgets one client among many without reading anyone else’s entries, and lists them all', async () => {
    const blobs = server.freshStore();
    const desk = createDeskStore(blobs);
    const ada = emailHash('ada@example.org');
    for (let i = 0; i < 200; i++) await desk.audit({ at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(), action: 'read', client: emailHash(`client-${i}@example.org`) });
    for (let i = 0; i < 3; i++) await desk.audit({ at: new Date(Date.UTC(2026, 10, 2, 0, 0, i)).toISOString(), action: 'read', client: ada });
    let reads = 0;
    const get = blobs.get.bind(blobs);
    blobs.get = ((...args: Parameters<typeof blobs.get>) => ((reads += 1), get(...args))) as typeof blobs.get;

    const forgotten = await desk.forgetClient(ada);

    expect(forgotten.ok && forgotten.value).toHaveLength(3);
    expect(reads).toBe(3);
    const all = await desk.listAudit(['2026-11'], Number.POSITIVE_INFINITY);
    expect(all.ok && all.value).toHaveLength(203);
    expect(all.ok && all.value.filter((e) => e.client === ada)).toEqual([]);
    expect(all.ok && all.value.filter((e) => e.client === 'erased')).toHaveLength(3);
    expect((await listKeys(blobs)).filter((key) => key.includes(ada.slice(0, 16)))).toEqual([]);
  });
});
