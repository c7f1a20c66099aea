/**
 * Builds the site when dist/ is older than its sources (or E2E_BUILD=1 asks for it) and serves
 * dist/ with its functions (`npm run preview`'s server) on a free port, with a throw-away blob
 * store, for every browser test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPreviewServer } from '#local/serve.ts';
import { findChromium } from './browser.ts';
import { ensureFreshBuild } from './freshBuild.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    blobsContext: string;
    /** The server's SIGNING_SECRET (a local default), for tests that make the links its emails would carry. */
    signingSecret: string;
  }
}

export default async function setup(project: TestProject) {
  findChromium(); // fail at once, with install instructions, when there is no browser
  await ensureFreshBuild({
    root: ROOT,
    dist: path.join(ROOT, 'dist'),
    force: process.env.E2E_BUILD === '1',
    build: () => void execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' }),
  });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-e2e-data-'));
  delete process.env.RESEND_API_KEY;
  // Playwright types faster than any person; the time-to-fill spam check has its own tests.
  process.env.SPAM_MIN_FILL_SECONDS = '0';
  const server = await startPreviewServer({ root: ROOT, port: 0, dataDir, schedule: false, loadDotEnv: false, faults: true, log: () => {} });
  project.provide('baseUrl', server.url);
  project.provide('blobsContext', server.runtime.blobs.context);
  project.provide('signingSecret', process.env.SIGNING_SECRET ?? '');
  return async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
