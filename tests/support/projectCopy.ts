/**
 * A copy of parts of this project in a temp folder, with the real node_modules, so a test can
 * change a source file (or leave out a generated one) and run the real tools on the result
 * without touching the working tree.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childEnv, ROOT } from './fixtureSite';

export interface ProjectCopy {
  dir: string;
  /** Replaces text in a copied file; throws if the text is not there, so a test cannot pass by editing nothing. */
  replace(relativePath: string, from: string, to: string): Promise<void>;
  write(relativePath: string, content: string): Promise<void>;
  /** Runs a package's binary (e.g. tsc, astro) in the copy; its exit code and combined output. */
  run(bin: string, ...args: string[]): Promise<{ code: number; output: string }>;
  cleanup(): Promise<void>;
}

/** Copies `entries` (files or folders at the project's root), leaving out whatever `skip` says. */
export async function copyProject(entries: readonly string[], skip: (relativePath: string) => boolean = () => false): Promise<ProjectCopy> {
  const dir = await mkdtemp(path.join(tmpdir(), 'unstuck-copy-'));
  for (const entry of entries) {
    await cp(path.join(ROOT, entry), path.join(dir, entry), {
      recursive: true,
      filter: (source) => !skip(path.relative(ROOT, source)),
    });
  }
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return {
    dir,
    async replace(relativePath, from, to) {
      const file = path.join(dir, relativePath);
      const text = await readFile(file, 'utf8');
      if (!text.includes(from)) throw new Error(`${relativePath} does not contain ${JSON.stringify(from)}`);
      await writeFile(file, text.replace(from, to));
    },
    write: (relativePath, content) => writeFile(path.join(dir, relativePath), content),
    run: (bin, ...args) =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          [path.join(ROOT, 'node_modules', bin), ...args],
          { cwd: dir, env: childEnv({ NO_COLOR: '1', FORCE_COLOR: '0' }), maxBuffer: 16 * 1024 * 1024 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, output: `${stdout}\n${stderr}` });
          },
        );
      }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
