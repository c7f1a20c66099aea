/**
 * The coach's guide's "Editing content" (docs/coach-guide.md, where README's section of that name
 * went; the content check's messages send the coach there) is what the coach copies from: each
 * example is a new entry that builds as it is, and the mistake it shows gives exactly the message
 * it prints.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureSite, createProjectCopy, ROOT, type FixtureSite } from '../support/fixtureSite';

/** A section of docs/coach-guide.md, from its `## ` heading to the next one outside a code block. */
function guideSection(heading: string): string {
  const lines = readFileSync(path.join(ROOT, 'docs/coach-guide.md'), 'utf8').split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`docs/coach-guide.md has no "## ${heading}"`);
  let fenced = false;
  let end = start + 1;
  for (; end < lines.length; end++) {
    if (lines[end]!.startsWith('```')) fenced = !fenced;
    if (!fenced && lines[end]!.startsWith('## ')) break;
  }
  return lines.slice(start, end).join('\n');
}

const editing = guideSection('Editing content');
const [examples, mistake] = editing.split('### When something is wrong');

/** Each "Save as `path`:" followed by its ```mdx block. */
const EXAMPLES = [...examples!.matchAll(/Save as `(src\/content\/[\w-]+\/[\w-]+\.mdx)`:\s*```mdx\n([\s\S]*?)```/g)].map(([, file, text]) => ({ file: file!, text: text! }));
const BROKEN = /```mdx\n([\s\S]*?)```\s*gives\s*```\n([\s\S]*?)\n```/.exec(mistake ?? '');

const frontmatterOf = (text: string) => parse(/^---\n([\s\S]*?)\n---/.exec(text)![1]!) as Record<string, unknown>;
/** What makes an entry recognisable to a reader: a title, or an inquiry's question. */
const nameOf = (data: Record<string, unknown>) => String(data.title ?? data.question);

describe('the examples in the coach’s guide’s "Editing content"', () => {
  it('give one new entry of each kind, under a file name that is not taken', () => {
    expect(EXAMPLES.map(({ file }) => file.split('/')[2])).toEqual(['blog', 'exercises', 'inquiries']);
    for (const { file } of EXAMPLES) expect(existsSync(path.join(ROOT, file)), file).toBe(false);
  });

  it('use a title or question that no entry already has', async () => {
    for (const { file, text } of EXAMPLES) {
      const folder = path.join(ROOT, path.dirname(file));
      const taken = await Promise.all((await readdir(folder)).map(async (name) => nameOf(frontmatterOf(await readFile(path.join(folder, name), 'utf8')))));

      expect(taken, file).not.toContain(nameOf(frontmatterOf(text)));
    }
  });

  describe('added to the site', () => {
    let site: FixtureSite;
    let build: { code: number; output: string };

    beforeAll(async () => {
      site = await createProjectCopy();
      for (const { file, text } of EXAMPLES) await site.write(file, text);
      build = await site.astro('build');
    }, 180_000);
    afterAll(() => site?.cleanup());

    it('build, with the exercise and the inquiry published and the draft post left out', () => {
      expect(build.output).not.toMatch(/error/i);
      expect(build.code).toBe(0);
      expect(existsSync(path.join(site.dir, 'dist/exercises/weekly-review/index.html'))).toBe(true);
      expect(existsSync(path.join(site.dir, 'dist/inquiries/trusting-your-judgement/index.html'))).toBe(true);
      expect(existsSync(path.join(site.dir, 'dist/blog/first-90-days/index.html'))).toBe(false);
    });
  });

  it('show a mistake with the very message the build gives for it', async () => {
    expect(BROKEN).not.toBeNull();
    const [, text, message] = BROKEN!;
    const file = message!.slice(0, message!.indexOf(','));
    const site = await createFixtureSite();
    try {
      await site.write(file, text!);

      const { code, output } = await site.astro('sync');

      expect(code).not.toBe(0);
      expect(output).toContain(message);
    } finally {
      await site.cleanup();
    }
  });
});
