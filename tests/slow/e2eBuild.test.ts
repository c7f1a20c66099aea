/**
 * The browser tests run against dist/; they must never test pages built from older sources
 * (an accessibility fix in a component once "passed" against a stale build). A real fixture
 * project, really built: a changed component must reach the pages the browser would see.
 */
import { readFile, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFreshBuild, isBuildStale } from '../e2e/support/freshBuild';
import { createFixtureSite, type FixtureSite } from '../support/fixtureSite';

let site: FixtureSite;
let dist: string;
let builds = 0;

const PAGE = `---
import Greeting from '../components/Greeting.astro';
---
<html lang="en"><head><title>Fixture</title></head><body><main><Greeting /></main></body></html>
`;
const greeting = (words: string) => `<h1>${words}</h1>\n`;

async function build() {
  builds += 1;
  const { code, output } = await site.astro('build');
  if (code !== 0) throw new Error(`fixture build failed:\n${output}`);
}
const freshen = () => ensureFreshBuild({ root: site.dir, dist, build });
const builtPage = () => readFile(path.join(dist, 'index.html'), 'utf8');

/** Dates every source a minute back, as if written well before the first build. */
async function writtenAMinuteAgo(...relativePaths: string[]) {
  const then = new Date(Date.now() - 60_000);
  for (const relativePath of relativePaths) await utimes(path.join(site.dir, relativePath), then, then);
}

beforeAll(async () => {
  site = await createFixtureSite();
  dist = path.join(site.dir, 'dist');
  await site.write('src/pages/index.astro', PAGE);
  await site.write('src/components/Greeting.astro', greeting('Hello, first version'));
  await writtenAMinuteAgo(
    'src/pages/index.astro', 'src/pages', 'src/components/Greeting.astro', 'src/components', 'src/content.config.ts', 'src/site.config.ts',
    'src/content/taxonomy.ts', 'src/content/blog', 'src/content/exercises', 'src/content/inquiries', 'src/content', 'src',
    'astro.config.mjs', 'package.json', 'tsconfig.json',
  );
}, 60_000);
afterAll(() => site?.cleanup());

describe('the browser tests’ build', () => {
  it('builds when there is no dist/, and reuses a build that is newer than every source', async () => {
    expect(await freshen()).toBe(true);
    expect(await builtPage()).toContain('Hello, first version');

    expect(await freshen()).toBe(false);
    expect(builds).toBe(1);
  });

  it('rebuilds after a component changes, so the pages show the change', async () => {
    await site.write('src/components/Greeting.astro', greeting('Hello, second version'));

    expect(await freshen()).toBe(true);

    expect(await builtPage()).toContain('Hello, second version');
    expect(builds).toBe(2);
  });

  it('counts a removed source file as a change', async () => {
    expect(await isBuildStale(site.dir, dist)).toBe(false);

    await site.remove('src/components/Greeting.astro');

    expect(await isBuildStale(site.dir, dist)).toBe(true);
  });
});
