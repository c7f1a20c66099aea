/**
 * `npm start` itself: the real `astro dev` on the project, with the localNetlify integration,
 * in a child process (Astro leaves its own dev middleware out when it sees Vitest's
 * environment, so it cannot run in this worker). Like `npm start`, it creates .data/ in the
 * project and keeps the signing secret there, which is exactly what must not be served.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '#server/web/securityHeaders.ts';
import { childEnv, ROOT } from '../support/fixtureSite';

const PROJECT = path.resolve(ROOT);
let dev: ChildProcess;
let origin: string;
let output = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until the dev server answers (its functions and /dev/ pages are ready with it). */
async function untilReady(url: string): Promise<void> {
  for (;;) {
    if (dev.exitCode !== null) throw new Error(`astro dev exited early:\n${output}`);
    const response = await fetch(url).catch(() => null);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  const port = await freePort();
  origin = `http://localhost:${port}`;
  dev = spawn(process.execPath, [path.join(PROJECT, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port)], {
    cwd: PROJECT,
    env: childEnv({ PORT: String(port), NO_COLOR: '1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await untilReady(`${origin}/dev/outbox.json`);
}, 120_000);

afterAll(async () => {
  if (!dev || dev.exitCode !== null) return;
  const exited = new Promise((resolve) => dev.once('exit', resolve));
  dev.kill('SIGTERM');
  await exited;
});

describe('npm start (astro dev with the local emulation)', () => {
  it('answers an address that is not valid percent-encoding with a plain 400, the security headers, and no stack or path', async () => {
    for (const pathname of ['/%E0%A4%A', '/blog/%E0%A4%A/']) {
      const response = await fetch(`${origin}${pathname}`);
      const body = await response.text();

      expect(response.status, pathname).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), `${name} on ${pathname}`).toBe(value);
      expect(body).toBe('Bad request: the address is not valid.\n');
      expect(body).not.toContain(PROJECT);
    }
  });

  it('never serves .data/ (the signing secret, the stored submissions), by any of Vite’s routes to a file', async () => {
    const secret = (await readFile(path.join(PROJECT, '.data/signing-secret'), 'utf8')).trim();
    const attempts = [
      '/.data/signing-secret',
      '/.data/signing-secret?raw',
      '/.data/signing-secret?import&raw',
      '/.data/signing-secret?url',
      '/%2Edata/signing-secret',
      '/src/../.data/signing-secret',
      `/@fs${PROJECT}/.data/signing-secret`,
      `/@fs${PROJECT}/.data/signing-secret?raw`,
    ];
    for (const attempt of attempts) {
      const response = await fetch(`${origin}${attempt}`);
      const body = await response.text();

      expect([403, 404], attempt).toContain(response.status);
      expect(body, attempt).not.toContain(secret);
    }
  });

  it('still refuses the files Vite denies by default, such as .env files', async () => {
    const response = await fetch(`${origin}/.env.example`);

    expect(response.status).toBe(403);
  });

  it('refuses the outbox to a page on another localhost port, and serves it to its own pages and to curl', async () => {
    const fromAnotherPort = await fetch(`${origin}/dev/outbox.json`, { headers: { Origin: 'http://localhost:3000', 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'cors' } });
    const fromItsOwnPage = await fetch(`${origin}/dev/outbox.json`, { headers: { Origin: origin, 'Sec-Fetch-Site': 'same-origin' } });
    const fromCurl = await fetch(`${origin}/dev/outbox.json`);

    expect(fromAnotherPort.status).toBe(403);
    expect(await fromAnotherPort.text()).toMatch(/only pages of this site/);
    expect(fromItsOwnPage.status).toBe(200);
    expect(fromCurl.status).toBe(200);
  });
});
