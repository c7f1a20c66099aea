/**
 * A real Netlify Blobs server on loopback, file-backed in a folder, and the environment that
 * makes `getStore()` in the functions talk to it, exactly as they talk to Netlify in production.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { BlobsServer } from '@netlify/blobs/server';
import { startFaultProxy, type FaultProxy } from './faultProxy.ts';

export const LOCAL_SITE_ID = 'unstuck-local';

export interface LocalBlobs {
  port: number;
  /** The NETLIFY_BLOBS_CONTEXT value the blobs client reads from the environment. */
  context: string;
  /** Present when started with faults: switch it to make the store fail. */
  faults?: FaultProxy;
  stop(): Promise<void>;
}

/** The NETLIFY_BLOBS_CONTEXT for a blobs server at a URL. */
export function blobsContext(url: string, token: string): string {
  return Buffer.from(JSON.stringify({ edgeURL: url, uncachedEdgeURL: url, siteID: LOCAL_SITE_ID, token })).toString('base64');
}

/**
 * BlobsServer checks a write's condition (onlyIfNew, onlyIfMatch) and then writes, with awaits
 * in between, so concurrent create-only writes of one key all succeed. Netlify's store decides
 * atomically; taking one write per key at a time makes the local one do the same.
 */
function oneWritePerKeyAtATime(server: BlobsServer): void {
  const internals = server as unknown as { put(req: Request): Promise<Response> };
  const put = internals.put.bind(server);
  const queues = new Map<string, Promise<unknown>>();
  internals.put = (req) => {
    const key = new URL(req.url, 'http://blobs.local').pathname;
    const written = (queues.get(key) ?? Promise.resolve()).then(() => put(req));
    const settled = written.catch(() => {});
    queues.set(key, settled);
    void settled.then(() => queues.get(key) === settled && queues.delete(key));
    return written;
  };
}

type GenerateETag = (filePath: string) => Promise<string>;
const serverClass = BlobsServer as unknown as { generateETag: GenerateETag };
const etagByTime: GenerateETag = serverClass.generateETag.bind(BlobsServer);
/** Writes of each blob file (by absolute path) since this process started. */
const writesOf = new Map<string, number>();
serverClass.generateETag = async (filePath) => {
  const etag = await etagByTime(filePath);
  return etag && `"${createHash('sha256').update(`${etag}#${writesOf.get(filePath) ?? 0}`).digest('hex')}"`;
};

/**
 * BlobsServer's ETag hashes a file's path and modification time to the millisecond, so two
 * writes of a key within one millisecond share an ETag and a compare-and-swap made against the
 * first lets the second through (of 50 concurrent updates of one blob, a few were lost).
 * Netlify's ETag changes with every write; counting each file's writes into it (the
 * generateETag above) makes the local one do the same. Runs inside the one-write-per-key queue,
 * so the next write's check sees the count.
 */
function etagsThatChangeWithEveryWrite(server: BlobsServer): void {
  const internals = server as unknown as {
    put(req: Request): Promise<Response>;
    address: string;
    getLocalPaths(url: URL): { dataPath?: string };
  };
  const put = internals.put.bind(server);
  internals.put = async (req) => {
    const { dataPath } = internals.getLocalPaths(new URL(req.url ?? '', internals.address));
    const response = await put(req);
    if (response.status !== 200 || !dataPath) return response;
    writesOf.set(dataPath, (writesOf.get(dataPath) ?? 0) + 1);
    response.headers.set('etag', await serverClass.generateETag(dataPath));
    return response;
  };
}

/**
 * BlobsServer answers a read without the ETag its own conditional writes compare against, so
 * `getWithMetadata().etag` is empty locally and a compare-and-swap (`onlyIfMatch`) with it
 * writes unconditionally. Adding the ETag it would check makes local compare-and-swap real.
 */
function etagsOnReads(server: BlobsServer): void {
  type Paths = { dataPath?: string; key?: string };
  const internals = server as unknown as {
    get(req: Request): Promise<Response>;
    head(req: Request): Promise<Response>;
    address: string;
    parseAPIRequest(req: Request): { url: URL } | null;
    getLocalPaths(url: URL): Paths;
  };
  // The ETag is taken before and after the read: if a write landed in between, the body may be
  // either version, so the read is made again; an ETag newer than the body would let a stale
  // compare-and-swap through.
  const withEtag = (read: (req: Request) => Promise<Response>) => async (req: Request) => {
    const { dataPath, key } = internals.getLocalPaths(internals.parseAPIRequest(req)?.url ?? new URL(req.url ?? '', internals.address));
    if (!dataPath || !key) return read(req);
    for (let attempt = 0; attempt < 20; attempt++) {
      const before = await serverClass.generateETag(dataPath);
      const response = await read(req);
      if (response.status !== 200) return response;
      const etag = await serverClass.generateETag(dataPath);
      if (etag !== before) continue;
      if (etag) response.headers.set('etag', etag);
      return response;
    }
    return new Response(null, { status: 503 });
  };
  internals.get = withEtag(internals.get.bind(server));
  internals.head = withEtag(internals.head.bind(server));
}

export async function startLocalBlobs(directory: string, { faults = false } = {}): Promise<LocalBlobs> {
  await mkdir(directory, { recursive: true });
  const token = randomBytes(16).toString('hex');
  const server = new BlobsServer({ directory, token, logger: () => {} });
  etagsThatChangeWithEveryWrite(server);
  oneWritePerKeyAtATime(server);
  etagsOnReads(server);
  const { port } = await server.start();
  const url = `http://127.0.0.1:${port}`;
  const proxy = faults ? await startFaultProxy(url) : undefined;
  return {
    port,
    context: blobsContext(proxy?.url ?? url, token),
    ...(proxy ? { faults: proxy } : {}),
    stop: async () => {
      await proxy?.close();
      await server.stop();
    },
  };
}
