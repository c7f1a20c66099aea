/**
 * `npm run preview` serves dist/ and nothing beside it: a path that climbs out of dist/ into a
 * sibling folder whose name merely starts with "dist" is not found.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewServer, type PreviewServer } from '#local/serve.ts';
import { ROOT } from '../support/fixtureSite';

let folder: string;
let preview: PreviewServer;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'unstuck-preview-'));
  await mkdir(path.join(folder, 'dist'));
  await mkdir(path.join(folder, 'dist-private'));
  await writeFile(path.join(folder, 'dist', 'index.html'), '<p>home</p>');
  await writeFile(path.join(folder, 'dist', '404.html'), '<p>not found</p>');
  await writeFile(path.join(folder, 'dist-private', 'secret.txt'), 'the secret');
  delete process.env.RESEND_API_KEY;
  preview = await startPreviewServer({ root: ROOT, dist: path.join(folder, 'dist'), port: 0, dataDir: path.join(folder, '.data'), schedule: false, loadDotEnv: false, log: () => {} });
}, 60_000);
afterAll(async () => {
  await preview?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('the preview server', () => {
  it('serves what is in dist/', async () => {
    const home = await fetch(`${preview.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('home');
  });

  it.each(['/..%2fdist-private/secret.txt', '/..%2Fdist-private%2Fsecret.txt', '/%2e%2e%2fdist-private/secret.txt'])('does not serve a sibling folder whose name starts with dist (%s)', async (pathname) => {
    const response = await fetch(`${preview.url}${pathname}`);
    const text = await response.text();

    expect(response.status).toBe(404);
    expect(text).not.toContain('the secret');
  });
});
