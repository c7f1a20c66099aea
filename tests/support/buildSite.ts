import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childEnv, ROOT } from './fixtureSite';

export interface BuiltSite {
  dir: string;
  /** Every file the build wrote, relative to the output folder, with forward slashes. */
  files: string[];
  read(relativePath: string): Promise<string>;
  /** What the build printed, stdout and stderr. */
  log: string;
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

/** Runs `astro build` on a project into a fresh temp folder, exactly as `npm run build` does. */
async function astroBuild(project: string, env: Record<string, string> = {}): Promise<BuiltSite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'unstuck-dist-'));
  const log = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dir],
      { cwd: project, env: childEnv({ ...PLANTED_SECRETS, ...env }), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`astro build failed:\n${stderr}`)) : resolve(`${stdout}${stderr}`)),
    );
  });
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  return { dir, files, read: (relativePath) => readFile(path.join(dir, relativePath), 'utf8'), log };
}

let cached: Promise<BuiltSite> | undefined;

/** Builds the real site once per test file into a temp folder, exactly as `npm run build` does. */
export function buildSite(): Promise<BuiltSite> {
  cached ??= astroBuild(ROOT);
  return cached;
}

/** What a copy of the project leaves out: dependencies (linked instead), outputs, local data. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.data', '.astro', '.git', '.netlify', 'test-results']);

/**
 * Builds a throw-away copy of the real project with some files added, for tests that need
 * content the real site does not have (a post with pictures, say), and with `env` added to the
 * build's environment (a blob store to read comments from, say). Builds anew on every call.
 */
export async function buildSiteWith(extraFiles: Record<string, string | Uint8Array>, env: Record<string, string> = {}): Promise<BuiltSite> {
  const project = await mkdtemp(path.join(tmpdir(), 'unstuck-project-'));
  await cp(ROOT, project, { recursive: true, filter: (source) => !NOT_COPIED.has(path.relative(ROOT, source).split(path.sep)[0]!) });
  await symlink(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  for (const [relativePath, content] of Object.entries(extraFiles)) {
    await mkdir(path.dirname(path.join(project, relativePath)), { recursive: true });
    await writeFile(path.join(project, relativePath), content);
  }
  return astroBuild(project, env);
}
