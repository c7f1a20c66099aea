/**
 * `npm run build` on a throw-away copy of the whole project: every failure caused by a content
 * file names the file and the line, whichever part of the build meets it first.
 */
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCatalog } from '#integrations/catalog.ts';
import { createProjectCopy, type FixtureSite } from '../support/fixtureSite';

const EXERCISE = 'src/content/exercises/energy-audit.mdx';
const POST = 'src/content/blog/networking-when-youd-rather-not.mdx';

describe('a build stopped by a content file', () => {
  let site: FixtureSite;
  let exercise: string;
  let post: string;

  beforeAll(async () => {
    site = await createProjectCopy();
    exercise = await readFile(path.join(site.dir, EXERCISE), 'utf8');
    post = await readFile(path.join(site.dir, POST), 'utf8');
  });
  afterAll(() => site?.cleanup());

  it('names the file and the line of a YAML mistake, in words, before the catalog reads it', async () => {
    await site.write(EXERCISE, exercise.replace('title: Energy audit', 'title: Energy audit: a week'));

    const { code, output } = await site.astro('build');
    await site.write(EXERCISE, exercise);

    expect(code).not.toBe(0);
    expect(output).toContain(`${EXERCISE}, line 2: The value of title contains a colon followed by a space`);
    expect(output).not.toMatch(/YAMLParseError|\[unstuck:catalog\]/);
  });

  it('names the file and the line of a mistake in the body of a post', async () => {
    await site.write(POST, `${post}\n<div>\nnever closed\n`);

    const { code, output } = await site.astro('build');
    await site.write(POST, post);

    expect(code).not.toBe(0);
    expect(output).toMatch(new RegExp(`${POST.replace(/\./g, '\\.')}:\\d+:\\d+`));
  });
});

describe('the functions’ catalog of exercises and inquiries', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'unstuck-catalog-'));
    await mkdir(path.join(root, 'src/content/exercises'), { recursive: true });
    await writeFile(path.join(root, 'src/content/exercises/broken.mdx'), '---\ntitle: Sort: values\nprompts: [\n---\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('refuses frontmatter it cannot read, naming the file and the line', async () => {
    await expect(writeCatalog(root)).rejects.toThrow(/^src\/content\/exercises\/broken\.mdx, line 2: The value of title contains a colon/);
  });

  it('leaves the file out while `npm start` runs, where the content check shows the mistake in the page', async () => {
    const target = await writeCatalog(root, { skipBroken: true });

    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ exercises: {}, inquiries: {}, posts: {} });
  });
});
