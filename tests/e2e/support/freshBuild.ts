/**
 * The browser tests must test the current code, not the dist/ of some earlier build: an
 * accessibility fix in a component once "passed" against pages built before it. dist/ counts as
 * stale when anything the site is built from changed after it was built; then it is rebuilt.
 * (Modification times, files and folders: a folder's changes when a file in it is added,
 * removed or renamed.) A build that is already fresh, like CI's a step earlier, is reused.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** What the built site is made from, relative to the project; missing ones are skipped. */
export const BUILD_INPUTS = ['src', 'public', 'integrations', 'netlify', 'local', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'] as const;
/** Written by the build or the tests themselves, so never a reason to rebuild. */
const NOT_INPUTS = new Set(['netlify/generated']);

async function newestChange(root: string, relativePath: string): Promise<number> {
  if (NOT_INPUTS.has(relativePath)) return 0;
  const info = await stat(path.join(root, relativePath)).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path.join(root, relativePath))) {
    newest = Math.max(newest, await newestChange(root, path.posix.join(relativePath, entry)));
  }
  return newest;
}

/** Whether `dist` is missing or older than any build input of the project at `root`. */
export async function isBuildStale(root: string, dist: string): Promise<boolean> {
  const built = await stat(path.join(dist, 'index.html')).catch(() => null);
  if (!built) return true;
  // A change in the same clock tick as the build counts as after it: rebuilding is the safe side.
  for (const input of BUILD_INPUTS) if ((await newestChange(root, input)) >= built.mtimeMs) return true;
  return false;
}

/** Runs `build` when dist/ is stale (or `force` is set); says whether it built. */
export async function ensureFreshBuild(options: { root: string; dist: string; force?: boolean; build: () => Promise<void> | void }): Promise<boolean> {
  if (!options.force && !(await isBuildStale(options.root, options.dist))) return false;
  await options.build();
  return true;
}
