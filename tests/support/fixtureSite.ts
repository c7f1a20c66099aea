import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCatalog } from '#integrations/catalog.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The environment for a child Astro process. Vitest exposes its own import.meta.env values
 * (DEV=1, MODE=test, …) on process.env; a child build would inherit them and think it is a
 * dev server, showing drafts.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...extra };
  for (const key of ['DEV', 'PROD', 'MODE', 'SSR', 'BASE_URL', 'NODE_ENV']) delete env[key];
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key.startsWith('VITE_')) delete env[key];
  return { ...env, ...extra };
}

/** The files a fixture site shares with the real one: the content model and what it imports. */
const SHARED = ['src/content.config.ts', 'src/site.config.ts', 'src/content/taxonomy.ts', 'src/content/schemas.ts', 'src/content/contentDate.ts', 'src/content/startDespiteMistakes.ts', 'src/content/reservedIds.ts', 'src/forms/prompt.ts', 'tsconfig.json'];

export interface FixtureSite {
  dir: string;
  write(relativePath: string, content: string | Uint8Array): Promise<void>;
  remove(relativePath: string): Promise<void>;
  /** Runs an Astro CLI command in the fixture and returns its exit code and combined output. */
  astro(...args: string[]): Promise<{ code: number; output: string }>;
  cleanup(): Promise<void>;
}

export interface FixtureOptions {
  /** Run the project's content check (integrations/contentCheck.ts) before Astro's own; false shows Astro's own errors. */
  contentCheck?: boolean;
}

/**
 * A throw-away Astro project in a temp folder with the real content schema and the real
 * node_modules, so a test can feed it one broken file and watch the real build reject it.
 */
export async function createFixtureSite({ contentCheck = true }: FixtureOptions = {}): Promise<FixtureSite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'unstuck-fixture-'));
  for (const file of SHARED) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await cp(path.join(ROOT, file), path.join(dir, file));
  }
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'fixture', type: 'module' }));
  const check = contentCheck ? `import { contentCheckIntegration } from ${JSON.stringify(path.join(ROOT, 'integrations/contentCheck.ts'))};\n` : '';
  await writeFile(
    path.join(dir, 'astro.config.mjs'),
    `import { defineConfig } from 'astro/config';\nimport mdx from '@astrojs/mdx';\n${check}export default defineConfig({ cacheDir: './.astro-cache', integrations: [${contentCheck ? 'contentCheckIntegration(), ' : ''}mdx()] });\n`,
  );
  for (const collection of ['blog', 'exercises', 'inquiries']) {
    await mkdir(path.join(dir, 'src/content', collection), { recursive: true });
  }

  return fixtureHandle(dir);
}

/** What the project is made of; a copy of these runs like the project itself. */
const PROJECT_PARTS = ['astro.config.mjs', 'tsconfig.json', 'package.json', 'src', 'public', 'integrations', 'local', 'netlify/functions', 'netlify/server'];

/**
 * A throw-away copy of the whole project (pages, integrations, local emulation) with the real
 * node_modules, for a test that runs `astro build` or `astro dev` on it and changes its content.
 */
export async function createProjectCopy(): Promise<FixtureSite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'unstuck-project-'));
  for (const part of PROJECT_PARTS) await cp(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // The config imports the functions, which import the catalog: it must exist before Astro starts.
  await writeCatalog(dir);
  return fixtureHandle(dir);
}

function fixtureHandle(dir: string): FixtureSite {
  const astroBin = path.join(ROOT, 'node_modules/astro/bin/astro.mjs');
  return {
    dir,
    write: async (relativePath, content) => {
      await mkdir(path.dirname(path.join(dir, relativePath)), { recursive: true });
      await writeFile(path.join(dir, relativePath), content);
    },
    remove: (relativePath) => rm(path.join(dir, relativePath), { force: true }),
    astro: (...args) =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          [astroBin, ...args],
          { cwd: dir, env: childEnv({ NO_COLOR: '1', FORCE_COLOR: '0' }) },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, output: `${stdout}\n${stderr}` });
          },
        );
      }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
