/**
 * `npm run bundle:functions`: bundles netlify/functions with Netlify's own bundler
 * (@netlify/zip-it-and-ship-it, as Netlify's build runs it) and imports every bundle in a clean
 * Node process that cannot see this project's node_modules, so a runtime import that the bundle
 * lacks fails here instead of in production.
 *
 * The bundles are made from a production-only install (`npm ci --omit=dev`) of a copy of the
 * project: a package the functions import at runtime but package.json lists as a devDependency
 * (as zod once was) is missing from that install, and its import fails. The folders are what
 * Netlify zips (`archiveFormat: 'none'` writes them unzipped), so nothing needs unpacking.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { zipFunctions } from '@netlify/zip-it-and-ship-it';
import { writeCatalog } from '#integrations/catalog.ts';
import { writeLibrary } from '#integrations/library.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

/** What the functions are made of: their code, what it imports from src/, and the install manifest. */
const PROJECT_FILES = ['package.json', 'package-lock.json', 'netlify', 'src'];

export interface BundleCheck {
  name: string;
  ok: boolean;
  /** The packages from node_modules the bundle carries. */
  packages: string[];
  /** Why the import failed, as the clean process said it. */
  error?: string;
}

/** Copies the project without node_modules or build output, then installs only its dependencies. */
async function productionCopy(root: string, into: string): Promise<void> {
  for (const entry of PROJECT_FILES) {
    await cp(path.join(root, entry), path.join(into, entry), {
      recursive: true,
      filter: (source) => !source.split(path.sep).includes('node_modules'),
    });
  }
  // The functions read the content catalog that `npm run build` writes; make it here too.
  await writeCatalog(into);
  await writeLibrary(into, new Date());
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: into, maxBuffer: 16 * 1024 * 1024 });
}

/** The module Netlify's entry point hands to its bootstrap: the function itself. */
async function functionModule(bundle: string): Promise<string> {
  const entry = await readFile(path.join(bundle, '___netlify-entry-point.mjs'), 'utf8');
  const match = /getLambdaHandler\((['"])(.+?)\1\)/.exec(entry);
  if (!match) throw new Error(`${bundle}: the entry point does not name its function module`);
  return path.join(bundle, match[2]!);
}

const packagesIn = async (bundle: string): Promise<string[]> => {
  const folder = path.join(bundle, 'node_modules');
  const names = await readdir(folder).catch(() => [] as string[]);
  const packages: string[] = [];
  for (const name of names) {
    if (name.startsWith('@')) packages.push(...(await readdir(path.join(folder, name))).map((inner) => `${name}/${inner}`));
    else if (!name.startsWith('.')) packages.push(name);
  }
  return packages.sort();
};

/** Imports one bundle in a fresh Node process with an empty environment, from a folder of its own. */
async function importBundle(bundle: string, into: string): Promise<string | undefined> {
  await cp(bundle, into, { recursive: true });
  const module = pathToFileURL(await functionModule(into)).href;
  const probe = `const m = await import(${JSON.stringify(module)});
if (typeof m.default !== 'function') throw new Error('the module has no default export to handle requests');`;
  try {
    await run(process.execPath, ['--input-type=module', '-e', probe], { cwd: into, env: { PATH: process.env.PATH ?? '' } });
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    return stderr.split('\n').find((line) => /Error/.test(line))?.trim() ?? stderr.trim();
  }
}

export async function bundleFunctions(root = ROOT): Promise<BundleCheck[]> {
  const work = await mkdtemp(path.join(tmpdir(), 'unstuck-functions-'));
  try {
    const project = path.join(work, 'project');
    await productionCopy(root, project);
    const bundles = await zipFunctions(path.join(project, 'netlify/functions'), path.join(work, 'bundles'), {
      archiveFormat: 'none',
      basePath: project,
      repositoryRoot: project,
      config: { '*': { nodeBundler: 'esbuild' } },
    });
    const checks: BundleCheck[] = [];
    for (const bundle of bundles) {
      const error = await importBundle(bundle.path, path.join(work, 'clean', bundle.name));
      checks.push({ name: bundle.name, ok: !error, packages: await packagesIn(bundle.path), ...(error ? { error } : {}) });
    }
    return checks;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const checks = await bundleFunctions();
  for (const check of checks) {
    console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}${check.packages.length > 0 ? ` (${check.packages.join(', ')})` : ''}${check.error ? `\n     ${check.error}` : ''}`);
  }
  const failed = checks.filter((check) => !check.ok);
  if (failed.length > 0) {
    console.error(`${failed.length} function bundle(s) fail to import. A package the functions import at runtime must be in "dependencies" (npm install --save-exact --save-prod <name>).`);
    process.exit(1);
  }
  console.log(`${checks.length} function bundles import cleanly.`);
}
