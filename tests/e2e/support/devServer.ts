/**
 * `npm start` (astro dev, with the project's integrations) on a folder, in a child process: Astro
 * leaves its own dev middleware out when it sees Vitest's environment, so it cannot run in the
 * test's worker. The child leads its own process group (Vite and esbuild start helpers of their
 * own); stopping it stops the whole group, and a start that fails or overruns its deadline stops
 * it too, so no test run leaves a dev server behind.
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

export interface DevServerOptions {
  /** How long it may take to answer its first request; it is stopped, and the start fails, after that. */
  deadlineMs?: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startDevServer(dir: string, { deadlineMs = 120_000 }: DevServerOptions = {}): Promise<DevServer> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  let output = '';
  const dev = spawn(process.execPath, [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port)], {
    cwd: dir,
    env: childEnv({ PORT: String(port), NO_COLOR: '1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, stopped as a whole
  });
  dev.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => (dev.exitCode !== null || dev.signalCode !== null ? resolve() : dev.once('exit', () => resolve())));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-dev.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  /** SIGTERM to the group, SIGKILL if it has not gone within 5 s; always once more at the end for any straggler. */
  const stop = async () => {
    signalGroup('SIGTERM');
    const gone = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!gone) {
      signalGroup('SIGKILL');
      await exited;
    }
    signalGroup('SIGKILL');
  };

  let ready = false;
  try {
    // Ready when it answers a page (its functions and /dev/ pages are ready with it).
    const deadline = Date.now() + deadlineMs;
    while (!ready) {
      if (dev.exitCode !== null || dev.signalCode !== null) throw new Error(`astro dev exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`astro dev did not answer within ${deadlineMs / 1000} s:\n${output}`);
      const response = await fetch(`${origin}/dev/outbox.json`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
      if (response?.ok) ready = true;
      else await sleep(250);
    }
  } finally {
    if (!ready) await stop();
  }
  return { origin, output: () => output, stop };
}
