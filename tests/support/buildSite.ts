import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rename, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
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
async function astroBuild(project: string, env: Record<string, string> = {}, outDir?: string): Promise<BuiltSite> {
  const dir = outDir ?? (await mkdtemp(path.join(tmpdir(), 'unstuck-dist-')));
  const log = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dir],
      { cwd: project, env: childEnv({ ...PLANTED_SECRETS, ...env }), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`astro build failed:\n${stderr}`)) : resolve(`${stdout}${stderr}`)),
    );
  });
  return builtSite(dir, log);
}

async function builtSite(dir: string, log: string): Promise<BuiltSite> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  return { dir, files, read: (relativePath) => readFile(path.join(dir, relativePath), 'utf8'), log };
}

let cached: Promise<BuiltSite> | undefined;

/**
 * The real site, built once per `npm test` run into a temp folder, exactly as `npm run build`
 * does. Test files run in several workers, so the first to ask builds, under a lock (a folder
 * only one can create), and the others wait for its note saying the build is done. The folder
 * comes from the run's global setup (tests/support/globalSetup.ts), which removes it afterwards.
 * Read-only: a test that needs a changed site builds its own with buildSiteWith.
 */
export function buildSite(): Promise<BuiltSite> {
  cached ??= sharedBuild(inject('sharedBuildDir'));
  return cached;
}

interface BuildNote {
  log?: string;
  error?: string;
}

async function sharedBuild(shared: string): Promise<BuiltSite> {
  const dist = path.join(shared, 'dist');
  const note = path.join(shared, 'built.json');
  let builder = true;
  try {
    await mkdir(path.join(shared, 'lock'));
  } catch {
    builder = false;
  }
  if (builder) {
    let written: BuildNote;
    try {
      written = { log: (await astroBuild(ROOT, {}, dist)).log };
    } catch (error) {
      written = { error: (error as Error).message };
    }
    await writeFile(`${note}.tmp`, JSON.stringify(written));
    await rename(`${note}.tmp`, note);
  }
  let read: BuildNote | undefined;
  while (!(read = await readFile(note, 'utf8').then((text) => JSON.parse(text) as BuildNote, () => undefined))) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (read.error !== undefined) throw new Error(read.error);
  return builtSite(dist, read.log ?? '');
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
