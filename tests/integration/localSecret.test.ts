/**
 * The local signing secret (.data/signing-secret): whoever reads it can forge every emailed
 * link, so only its owner may. In its own file because starting the runtime sets process.env.
 */
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalRuntime } from '#local/runtime.ts';
import { ROOT } from '../support/fixtureSite';

const ENV_NAMES = ['NETLIFY_BLOBS_CONTEXT', 'COACH_EMAIL', 'FROM_EMAIL', 'SITE_URL', 'SIGNING_SECRET'] as const;
const savedEnv = new Map<string, string | undefined>();
let dataDir: string;

beforeEach(async () => {
  for (const name of ENV_NAMES) savedEnv.set(name, process.env[name]);
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-secret-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function start() {
  const runtime = await startLocalRuntime({ root: ROOT, dataDir, siteUrl: 'http://localhost:4321', schedule: false, loadDotEnv: false, log: () => {} });
  await runtime.close();
}

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the local signing secret', () => {
  it('is created readable and writable by its owner only', async () => {
    await start();

    const file = path.join(dataDir, 'signing-secret');
    expect(await modeOf(file)).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is tightened to its owner only when an older run left it readable by others, and kept', async () => {
    const file = path.join(dataDir, 'signing-secret');
    const secret = 'b'.repeat(64);
    await writeFile(file, secret);
    await chmod(file, 0o644);

    await start();

    expect(await modeOf(file)).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe(secret);
  });
});
