/**
 * `npm start` itself: the real `astro dev` on the project, with the localNetlify integration,
 * in a child process (Astro leaves its own dev middleware out when it sees Vitest's
 * environment, so it cannot run in this worker). Like `npm start`, it creates .data/ in the
 * project and keeps the signing secret there, which is exactly what must not be served.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '#server/web/securityHeaders.ts';
import { startDevServer, type DevServer } from '../e2e/support/devServer';
import { ROOT } from '../support/fixtureSite';

const PROJECT = path.resolve(ROOT);
let dev: DevServer;
let origin: string;

beforeAll(async () => {
  // Its own deadline, and its whole process group stopped whatever happens (tests/e2e/support/devServer.ts).
  dev = await startDevServer(PROJECT, { deadlineMs: 110_000 });
  origin = dev.origin;
}, 120_000);

afterAll(() => dev?.stop());

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
