/**
 * `npm ci` on the documented path: the system's Node (20 or newer) runs npm, and every npm script
 * runs on the project's own Node 24 (the `node` devDependency). npm checks `engines` against the
 * Node that runs npm, so the project must not warn about itself there; it still says it needs 24.
 * A dry run from the lockfile, offline: npm's engine check without downloading anything.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/fixtureSite';

/** The environment outside npm scripts: no project `node_modules/.bin` (and its Node 24) on the PATH, no npm_* settings. */
function outsideEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  env.PATH = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => !dir.includes('node_modules')).join(path.delimiter);
  return env;
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env: outsideEnv(), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')} failed:\n${stderr}`)) : resolve(`${stdout}${stderr}`),
    );
  });
}

describe('npm ci with the system’s Node', () => {
  let dir: string;
  let output: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'unstuck-install-'));
    for (const file of ['package.json', 'package-lock.json']) await copyFile(path.join(ROOT, file), path.join(dir, file));
    output = await run('npm', ['ci', '--dry-run', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints no engine warning about the project itself', () => {
    expect(output).not.toMatch(/package: 'unstuck@/);
  });

  it('still says the project runs on Node 24, and which npm installs it', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
      devEngines: { packageManager: { name: string; version: string } };
      devDependencies: { node: string };
    };

    expect(pkg.engines.node).toBe('>=24 <25');
    expect(pkg.devDependencies.node).toMatch(/^24\./);
    expect(pkg.devEngines.packageManager).toMatchObject({ name: 'npm', version: '>=10' });
  });
});
