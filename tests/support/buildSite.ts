import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childEnv, ROOT } from './fixtureSite';

export interface BuiltSite {
  dir: string;
  /** Every file the build wrote, relative to the output folder, with forward slashes. */
  files: string[];
  read(relativePath: string): Promise<string>;
}

/**
 * Secrets present in the environment of every test build, as they would be on Netlify, so a
 * test can prove none of them (names or values) ends up in what is published.
 */
export const PLANTED_SECRETS = {
  RESEND_API_KEY: 're_planted_4f9c2e7a1b6d8e3f',
  SIGNING_SECRET: 'planted-signing-secret-7d1e9a4c2b8f6e0a3c5d',
  NETLIFY_AUTH_TOKEN: 'nfp_planted_0a9b8c7d6e5f',
} as const;

let cached: Promise<BuiltSite> | undefined;

/** Builds the real site once per test run into a temp folder, exactly as `npm run build` does. */
export function buildSite(): Promise<BuiltSite> {
  cached ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'unstuck-dist-'));
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dir],
        { cwd: ROOT, env: childEnv({ ...PLANTED_SECRETS }), maxBuffer: 64 * 1024 * 1024 },
        (error, _stdout, stderr) => (error ? reject(new Error(`astro build failed:\n${stderr}`)) : resolve()),
      );
    });
    const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    return { dir, files, read: (relativePath) => readFile(path.join(dir, relativePath), 'utf8') };
  })();
  return cached;
}
