/**
 * What `npm start` says about a content mistake, without a browser or a dev server: the content
 * check (integrations/content/checkContent.ts) run on a copy of the real content with one
 * mistake at a time, which pages show the problem page (problemsForPage), and what that page
 * says (problemPage). The same mistakes as tests/e2e/contentErrors.e2e.test.ts once made in a
 * browser under `astro dev`; that file keeps one test of the problem page and one of Astro's
 * error overlay.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkContent, problemLine, type ContentProblem } from '#integrations/content/checkContent.ts';
import { problemPage, problemsForPage, RELOAD_SECONDS } from '#integrations/content/problemPage.ts';
import { ROOT } from '../support/fixtureSite';

const NEW_POST = 'src/content/blog/a-new-post.mdx';
const EARLY_POST = 'src/content/blog/written-before-start.mdx';
const EXERCISE = 'src/content/exercises/energy-audit.mdx';
const INQUIRY = 'src/content/inquiries/what-enough-looks-like.mdx';

const post = (pubDate: string, title = 'A new post') => `---
title: ${title}
description: Written while the site runs.
pubDate: ${pubDate}
---

Hello.
`;

let root: string;
const originals = new Map<string, string>();
const write = (file: string, text: string) => writeFile(path.join(root, file), text);
const problems = () => checkContent(root);

/** The problem page a path gets, as the dev server's middleware sends it; undefined when the real page shows. */
async function pageAt(pathname: string): Promise<{ status: number; heading: string; files: string[]; items: string[]; html: string } | undefined> {
  const mine = problemsForPage(pathname, await problems());
  if (mine.length === 0) return undefined;
  const response = problemPage(mine);
  const html = await response.text();
  /** What a reader sees of some HTML: its text, character references decoded. */
  const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
  const text = (fragment: string) =>
    fragment
      .replace(/<[^>]+>/g, '')
      .replace(/&(?:#(\d+)|(amp|lt|gt|quot));/g, (_, code: string | undefined, name: string | undefined) => (code ? String.fromCharCode(Number(code)) : NAMED[name!]!));
  return {
    status: response.status,
    heading: text(/<h1>([\s\S]*?)<\/h1>/.exec(html)![1]!),
    files: [...html.matchAll(/<h2>([\s\S]*?)<\/h2>/g)].map(([, h2]) => text(h2!)),
    items: [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map(([, li]) => text(li!)),
    html,
  };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'unstuck-content-errors-'));
  await cp(path.join(ROOT, 'src/content'), path.join(root, 'src/content'), { recursive: true });
  for (const file of [EXERCISE, INQUIRY]) originals.set(file, await readFile(path.join(root, file), 'utf8'));
});
afterEach(async () => {
  for (const [file, text] of originals) await write(file, text);
  await rm(path.join(root, NEW_POST), { force: true });
  await rm(path.join(root, EARLY_POST), { force: true });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('a content mistake under npm start', () => {
  it('finds nothing wrong with the real content', async () => {
    expect(await problems()).toEqual([]);
  });

  it('shows a colon in a title, and a related exercise that does not exist, each at its page, and the pages once fixed', async () => {
    await write(EARLY_POST, post('2026-01-12', 'Early: a post'));
    await write(INQUIRY, originals.get(INQUIRY)!.replace('values-card-sort', 'values-card-sorting'));

    const early = await pageAt('/blog/written-before-start/');
    expect(early).toMatchObject({ status: 500, heading: 'A content file needs fixing', files: [EARLY_POST] });
    expect(early!.items).toEqual([
      'Line 2: The value of title contains a colon followed by a space, which YAML reads as a second field. Put the value in double quotes: title: "Early: a post"',
    ]);
    const inquiry = await pageAt('/inquiries/what-enough-looks-like/');
    expect(inquiry!.files).toEqual([INQUIRY]);
    expect(inquiry!.items).toHaveLength(1);
    expect(inquiry!.items[0]).toMatch(/^Line \d+: The 2nd related exercise names "values-card-sorting", but there is no exercise with that file name/);
    // Each page shows its own entry's problem only.
    expect((await pageAt('/blog/written-before-start/'))!.html).not.toContain('values-card-sorting');

    await write(EARLY_POST, post('2026-01-12', '"Early: a post"'));
    await write(INQUIRY, originals.get(INQUIRY)!);

    expect(await pageAt('/blog/written-before-start/')).toBeUndefined();
    expect(await pageAt('/inquiries/what-enough-looks-like/')).toBeUndefined();
  });

  it('shows at the address of a new post, and on the blog, instead of a 404; nothing once fixed', async () => {
    await write(NEW_POST, post('01/12/2026'));

    const message = 'Line 4: pubDate must be a date written as YYYY-MM-DD, e.g. 2026-12-01; it says "01/12/2026".';
    for (const pathname of ['/blog/a-new-post/', '/blog/', '/blog/2/']) {
      const page = await pageAt(pathname);
      expect(page, pathname).toMatchObject({ heading: 'A content file needs fixing', files: [NEW_POST], items: [message] });
    }
    expect(await pageAt('/blog/homework-that-actually-gets-done/')).toBeUndefined();
    expect(await pageAt('/exercises/')).toBeUndefined();

    await write(NEW_POST, post('2026-01-12'));

    expect(await pageAt('/blog/a-new-post/')).toBeUndefined();
    expect(await pageAt('/blog/')).toBeUndefined();
  });

  it('shows at the address of an exercise and the library, counting prompts from 1, in words, with a page that reloads itself', async () => {
    const broken = originals.get(EXERCISE)!.replace(/(prompts:\n\s+- id: [\w-]+\n)\s+question: .*\n/, '$1');
    expect(broken).not.toBe(originals.get(EXERCISE));
    await write(EXERCISE, broken);
    const promptLine = broken.split('\n').findIndex((line) => /^\s+- id:/.test(line)) + 1;

    const page = await pageAt('/exercises/energy-audit/');
    expect(page!.items).toEqual([`Line ${promptLine}: The 1st prompt has no question: add "question: …" to it.`]);
    expect(page!.html.replace(/<[^>]+>/g, '')).not.toMatch(/\*\*|prompts\.0/);
    expect(page!.html).toContain(`<meta http-equiv="refresh" content="${RELOAD_SECONDS}">`);
    expect((await pageAt('/exercises/'))!.items).toEqual(page!.items);

    await write(EXERCISE, originals.get(EXERCISE)!);

    expect(await pageAt('/exercises/energy-audit/')).toBeUndefined();
  });

  it('gives the overlay’s line for a colon in a question: file, line and what is wrong', async () => {
    await write(INQUIRY, originals.get(INQUIRY)!.replace(/^question: (.*)$/m, 'question: Enough: $1'));

    const found: ContentProblem[] = await problems();
    expect(found.map(problemLine)).toEqual([expect.stringMatching(new RegExp(`^${INQUIRY.replace(/\./g, '\\.')}, line 2: The value of question contains a colon followed by a space`))]);
  });
});
