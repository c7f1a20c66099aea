/**
 * A real Netlify Blobs server on loopback, file-backed in a folder, and the environment that
 * makes `getStore()` in the functions talk to it, exactly as they talk to Netlify in production.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { BlobsServer } from '@netlify/blobs/server';

export const LOCAL_SITE_ID = 'unstuck-local';

export interface LocalBlobs {
  port: number;
  /** The NETLIFY_BLOBS_CONTEXT value the blobs client reads from the environment. */
  context: string;
  stop(): Promise<void>;
}

export async function startLocalBlobs(directory: string, port = 0): Promise<LocalBlobs> {
  await mkdir(directory, { recursive: true });
  const token = randomBytes(16).toString('hex');
  const server = new BlobsServer({ directory, token, port, logger: () => {} });
  const { port: boundPort } = await server.start();
  const url = `http://127.0.0.1:${boundPort}`;
  const context = Buffer.from(
    JSON.stringify({ edgeURL: url, uncachedEdgeURL: url, siteID: LOCAL_SITE_ID, token }),
  ).toString('base64');
  return { port: boundPort, context, stop: async () => void (await server.stop()) };
}
