/**
 * `npm start` (astro dev, with the project's integrations) on a folder, in a child process: Astro
 * leaves its own dev middleware out when it sees Vitest's environment, so it cannot run in the
 * test's worker.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { childEnv, ROOT } from '#tests/support/fixtureSite.ts';

export interface DevServer {
  origin: string;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startDevServer(dir: string): Promise<DevServer> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  let output = '';
  const dev = spawn(process.execPath, [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port)], {
    cwd: dir,
    env: childEnv({ PORT: String(port), NO_COLOR: '1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (dev.exitCode !== null) return;
    const exited = new Promise((resolve) => dev.once('exit', resolve));
    dev.kill('SIGTERM');
    await exited;
  };
  // Ready when it answers a page (its functions and /dev/ pages are ready with it).
  for (;;) {
    if (dev.exitCode !== null) throw new Error(`astro dev exited early:\n${output}`);
    const response = await fetch(`${origin}/dev/outbox.json`).catch(() => null);
    if (response?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { origin, output: () => output, stop };
}
