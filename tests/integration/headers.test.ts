import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '#server/web/securityHeaders.ts';
import { startPreviewServer, type PreviewServer } from '#local/serve.ts';
import { buildSite, type BuiltSite } from '../support/buildSite';
import { ROOT } from '../support/fixtureSite';

let site: BuiltSite;
let preview: PreviewServer;
let dataDir: string;

beforeAll(async () => {
  site = await buildSite();
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-headers-'));
  delete process.env.RESEND_API_KEY;
  preview = await startPreviewServer({ root: ROOT, dist: site.dir, port: 0, dataDir, schedule: false, loadDotEnv: false, log: () => {} });
}, 180_000);
afterAll(async () => {
  await preview?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the security headers', () => {
  it('forbid inline scripts and styles, framing, and other origins', () => {
    const csp = SECURITY_HEADERS['Content-Security-Policy'];
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(SECURITY_HEADERS['Strict-Transport-Security']).toMatch(/max-age=\d{8,}/);
  });

  it('are written to dist/_headers for Netlify to apply to every static file', async () => {
    const file = await site.read('_headers');
    expect(file.split('\n')[0]).toBe('/*');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(file).toContain(`  ${name}: ${value}\n`);
  });

  it('are not undermined by inline scripts or styles in the built pages', async () => {
    for (const file of site.files.filter((f) => f.endsWith('.html'))) {
      const html = await site.read(file);
      expect(html, file).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html, file).not.toMatch(/<style\b/);
      expect(html, file).not.toMatch(/\sstyle="/);
      expect(html, file).not.toMatch(/\son[a-z]+="/);
    }
  });

  it.each([
    ['a page', 'GET', '/how-coaching-works/'],
    ['a stylesheet', 'GET', null],
    ['the not-found page', 'GET', '/no-such-page/'],
    ['a form endpoint', 'POST', '/api/reflections'],
    ['a wrong method', 'GET', '/api/intake'],
  ])('are sent with %s by the local server', async (_label, method, pathname) => {
    const target = pathname ?? `/${site.files.find((f) => f.startsWith('_astro/') && f.endsWith('.css'))}`;
    const response = await fetch(new URL(target, preview.url), {
      method,
      ...(method === 'POST' ? { headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: '{}' } : {}),
    });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), `${name} on ${target}`).toBe(value);
  });

  it('are sent, with a plain 400 and no stack or path, for an address that is not valid percent-encoding', async () => {
    for (const pathname of ['/%E0%A4%A', '/blog/%E0%A4%A/', '/api/%FF']) {
      const response = await fetch(new URL(pathname, preview.url));
      const body = await response.text();

      expect(response.status, pathname).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), `${name} on ${pathname}`).toBe(value);
      expect(body).toBe('Bad request: the address is not valid.\n');
    }
  });

  it('are sent with the refusal of a /dev/ page to a page on another localhost port', async () => {
    const response = await fetch(new URL('/dev/outbox.json', preview.url), { headers: { Origin: 'http://localhost:3000', 'Sec-Fetch-Site': 'same-site' } });

    expect(response.status).toBe(403);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), name).toBe(value);
  });
});
