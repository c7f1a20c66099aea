/**
 * A real Netlify Blobs server on loopback (the one `npm start` uses), in a temp folder, with
 * stores the tests read and write exactly as the functions do.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore, type Store } from '@netlify/blobs';
import { startLocalBlobs } from '#local/blobs.ts';

export interface LocalBlobServer {
  /** A store by name; `freshStore()` gives one no other test writes to. */
  store(name: string): Store;
  freshStore(): Store;
  close(): Promise<void>;
}

interface BlobsContext {
  edgeURL: string;
  uncachedEdgeURL: string;
  siteID: string;
  token: string;
}

export async function startLocalBlobServer(): Promise<LocalBlobServer> {
  const directory = await mkdtemp(path.join(tmpdir(), 'unstuck-blobs-'));
  const blobs = await startLocalBlobs(directory);
  const context = JSON.parse(Buffer.from(blobs.context, 'base64').toString('utf8')) as BlobsContext;
  const store = (name: string) => getStore({ name, consistency: 'strong', ...context });
  return {
    store,
    freshStore: () => store(`test-${randomUUID()}`),
    close: async () => {
      await blobs.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Every key in a store, sorted. */
export async function listKeys(store: Store): Promise<string[]> {
  const { blobs } = await store.list();
  return blobs.map((blob) => blob.key).sort();
}
