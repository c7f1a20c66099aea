/** `npm run check:launch`: the coach's list of example values left before going live. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPlaceholders } from '#scripts/checkLaunch.ts';
import { childEnv, ROOT } from '../support/fixtureSite';

const CONFIG = readFileSync(path.join(ROOT, 'src/site.config.ts'), 'utf8');

/** The shipped config with every example replaced by a real value. */
const LAUNCHED = CONFIG.replace(/example\(\s*('[^']*')\s*,?\s*\)/g, (_call, value: string) => value.replace(/example[.-]?/g, 'real-').replace(/\$\d+/, '$200'));

function run(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [path.join(ROOT, 'scripts/checkLaunch.ts'), ...args], { cwd: ROOT, env: childEnv() }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, out: stdout + stderr }),
    ),
  );
}

describe('npm run check:launch', () => {
  it('lists the example coach, the example domain and booking link, the claim about the coach and the placeholder prices, each with its line', () => {
    const found = findPlaceholders(CONFIG).map(({ line, text }) => `${line}: ${text}`);

    for (const value of ["coachName: example('Maya Ellison')", "coachCredentials: example('a certified coach", "url: example('https://unstuck.example.com')", "bookingUrl: example('https://cal.example.com", "price: example('$180')", "price: example('$480')", "price: example('$900')"]) {
      expect(found.some((line) => line.includes(value)), value).toBe(true);
    }
    const lines = CONFIG.split('\n');
    for (const line of findPlaceholders(CONFIG).map((p) => p.line)) expect(lines[line - 1]).toMatch(/example/);
  });

  it('also finds an address on a domain reserved for examples that lost its marker', () => {
    const unmarked = LAUNCHED.replace("url: 'https://unstuck.real-com'", "url: 'https://coaching.example.org'");

    expect(findPlaceholders(unmarked)).toEqual([expect.objectContaining({ why: 'example-domain', text: "url: 'https://coaching.example.org'," })]);
  });

  it('finds nothing once every example is replaced', () => {
    expect(LAUNCHED).not.toContain('example(');
    expect(findPlaceholders(LAUNCHED)).toEqual([]);
  });

  it('fails, listing what is left, while any example remains, and passes once none does', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'unstuck-launch-'));
    try {
      await writeFile(path.join(dir, 'site.config.ts'), LAUNCHED);

      const shipped = await run();
      const launched = await run(path.join(dir, 'site.config.ts'));

      expect(shipped.code).toBe(1);
      expect(shipped.out).toMatch(/^Before going live, replace these \d+ example values in src\/site\.config\.ts:\n {2}line \d+ +coachName: example\('Maya Ellison'\),/);
      expect(launched).toEqual({ code: 0, out: expect.stringMatching(/^No example values left in .*site\.config\.ts: ready to go live\.\n$/) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the pages', () => {
  it('take the claim about the coach and the prices from src/site.config.ts, not from their own text', () => {
    const home = readFileSync(path.join(ROOT, 'src/pages/index.astro'), 'utf8');
    const services = readFileSync(path.join(ROOT, 'src/pages/services.astro'), 'utf8');

    expect(home).not.toMatch(/certified/i);
    expect(home).toContain('{SITE.coachCredentials}');
    expect(services).not.toMatch(/\$\d/);
    expect(services).toContain('SITE.packages');
  });
});
