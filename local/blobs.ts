/**
 * A real Netlify Blobs server on loopback, file-backed in a folder, and the environment that
 * makes `getStore()` in the functions talk to it, exactly as they talk to Netlify in production.
 *
 * One server per folder: the server that makes compare-and-swap real (the per-key write queue
 * and the ETags below) keeps its state in memory, so two servers over one folder race each
 * other's writes (two `npm run jobs` at once sent emails twice). The first process to start one
 * writes `<folder>.server.json` (its pid, port and token); a second process on the same folder
 * uses that server, and a file left by a process that has ended is replaced.
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
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

interface ServerNote {
  pid: number;
  port: number;
  token: string;
}

/** Where a folder's running server is written down. */
export const serverNoteOf = (directory: string) => `${directory.replace(/[/\\]+$/, '')}.server.json`;

async function readNote(file: string): Promise<ServerNote | null> {
  try {
    const note = JSON.parse(await readFile(file, 'utf8')) as Partial<ServerNote>;
    return typeof note.pid === 'number' && typeof note.port === 'number' && typeof note.token === 'string' ? (note as ServerNote) : null;
  } catch {
    return null;
  }
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Writes the note only if there is none (a hard link fails when the name exists): true if this one is now the folder's server. */
async function claim(file: string, note: ServerNote): Promise<boolean> {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(draft, JSON.stringify(note));
  try {
    await link(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(draft, { force: true });
  }
}

/** The server another process (or this one) already runs over the folder, if one does; a note left by one that ended is removed. */
async function runningServer(file: string): Promise<ServerNote | null> {
  const note = await readNote(file);
  if (note && isRunning(note.pid) && (await answers(note.port))) return note;
  if (note || (await readFile(file, 'utf8').catch(() => null)) !== null) await rm(file, { force: true });
  return null;
}

/** Starts this process's server over the folder (on `port`, 0 for any) and writes it down; null when another process got there first. */
async function startOwnServer(directory: string, noteFile: string, token: string, port = 0): Promise<{ port: number; stop(): Promise<void> } | null> {
  const server = new BlobsServer({ directory, token, port, logger: () => {} });
  etagsThatChangeWithEveryWrite(server);
  oneWritePerKeyAtATime(server);
  etagsOnReads(server);
  let started: number;
  try {
    ({ port: started } = await server.start());
  } catch {
    return null; // the port is taken: someone else serves it again
  }
  if (!(await claim(noteFile, { pid: process.pid, port: started, token }))) {
    await server.stop();
    return null;
  }
  return {
    port: started,
    stop: async () => {
      const note = await readNote(noteFile);
      if (note?.port === started && note.pid === process.pid) await rm(noteFile, { force: true });
      await server.stop();
    },
  };
}

/** How often a process using another's server checks it is still there, to serve the folder itself once that process has ended. */
const WATCH_MS = 250;

export async function startLocalBlobs(directory: string, { faults = false } = {}): Promise<LocalBlobs> {
  await mkdir(directory, { recursive: true });
  const noteFile = serverNoteOf(directory);
  for (let attempt = 0; attempt < 20; attempt++) {
    const shared = await runningServer(noteFile);
    if (shared) return connectTo(shared.port, shared.token, faults, takeOverWhenGone(directory, noteFile, shared));
    const token = randomBytes(16).toString('hex');
    const own = await startOwnServer(directory, noteFile, token);
    if (own) return connectTo(own.port, token, faults, own.stop);
    // Another process started one first: use that one.
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
  }
  throw new Error(`Could not start or reach the local blob server for ${directory} (see ${noteFile}).`);
}

/**
 * Using another process's server: when that process ends (its server with it), this one serves
 * the folder on the same port with the same token, so the context already in the environment
 * keeps working. Returns what stops it.
 */
function takeOverWhenGone(directory: string, noteFile: string, shared: ServerNote): () => Promise<void> {
  let own: { stop(): Promise<void> } | null = null;
  let checking = false;
  const timer = setInterval(() => {
    if (own || checking) return;
    checking = true;
    void (async () => {
      if (!(await answers(shared.port))) {
        if (!(await runningServer(noteFile))) own = await startOwnServer(directory, noteFile, shared.token, shared.port);
      }
    })().finally(() => (checking = false));
  }, WATCH_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await own?.stop();
  };
}

async function connectTo(port: number, token: string, faults: boolean, stopServer: () => Promise<void>): Promise<LocalBlobs> {
  const url = `http://127.0.0.1:${port}`;
  const proxy = faults ? await startFaultProxy(url) : undefined;
  return {
    port,
    context: blobsContext(proxy?.url ?? url, token),
    ...(proxy ? { faults: proxy } : {}),
    stop: async () => {
      await proxy?.close();
      await stopServer();
    },
  };
}
