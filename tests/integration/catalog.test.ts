/**
 * The content catalog the functions read (netlify/generated/catalog.json) is checked against one
 * schema where it is written and where it is loaded, with the prompt schema the exercises
 * collection uses, so it can never say something the site does not.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCatalog, writeCatalog } from '#integrations/catalog.ts';
import { CATALOG } from '#server/catalog.ts';
import { parseCatalog } from '#server/catalogSchema.ts';
import { ROOT } from '../support/fixtureSite';

const exercise = (prompts: string) => `---
title: Values card sort
summary: Sort what matters.
focus: [values]
when: either
minutes: 20
prompts:
${prompts}
---
Steps go here.
`;

const INQUIRY = `---
question: What would enough look like?
context: For when more never feels like enough.
themes: [enough]
---
Sit with it.
`;

describe('the catalog written from the content', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'unstuck-catalog-'));
    await mkdir(path.join(root, 'src/content/exercises'), { recursive: true });
    await mkdir(path.join(root, 'src/content/inquiries'), { recursive: true });
    await writeFile(path.join(root, 'src/content/inquiries/enough.mdx'), INQUIRY);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const writeExercise = (prompts: string) => writeFile(path.join(root, 'src/content/exercises/values-card-sort.mdx'), exercise(prompts));

  it('fills in the defaults the exercises collection fills in, and keeps nothing else', async () => {
    await writeExercise('  - id: top-values\n    question: Which five values did you keep?\n  - id: surprise\n    question: Which surprised you?\n    hint: Any one.\n    answer: short\n    required: false');

    const target = await writeCatalog(root);

    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({
      exercises: {
        'values-card-sort': {
          title: 'Values card sort',
          prompts: [
            { id: 'top-values', question: 'Which five values did you keep?', answer: 'long', required: true },
            { id: 'surprise', question: 'Which surprised you?', hint: 'Any one.', answer: 'short', required: false },
          ],
        },
      },
      inquiries: { enough: { question: 'What would enough look like?' } },
      posts: {},
    });
  });

  it('lists each post with its title, publish date and draft flag, under the slug its address uses', async () => {
    await mkdir(path.join(root, 'src/content/blog'), { recursive: true });
    await writeFile(path.join(root, 'src/content/blog/first-post.mdx'), '---\ntitle: First post\ndescription: One.\npubDate: 2026-08-11\n---\nText.\n');
    await writeFile(path.join(root, 'src/content/blog/renamed.md'), '---\ntitle: "Draft: later"\ndescription: Two.\npubDate: 2026-12-01T09:30:00Z\ndraft: true\nslug: a-better-address\n---\nText.\n');

    const catalog = await readCatalog(root);

    expect(catalog.posts).toEqual({
      'first-post': { title: 'First post', pubDate: '2026-08-11T00:00:00.000Z', draft: false },
      'a-better-address': { title: 'Draft: later', pubDate: '2026-12-01T09:30:00.000Z', draft: true },
    });
  });

  it.each([
    ['an answer kind the form cannot show', '  - id: top-values\n    question: Which five?\n    answer: medium', /prompts\[0\]\.answer/],
    ['an id answers cannot be stored under', '  - id: Top Values\n    question: Which five?', /prompts\[0\]\.id/],
    ['two prompts with one id', '  - id: top-values\n    question: Which five?\n  - id: top-values\n    question: Which did you drop?', /is "top-values", which an earlier prompt already uses/],
  ])('refuses %s, naming the file and the field', async (_name, prompts, field) => {
    await writeExercise(prompts);

    const written = writeCatalog(root);

    await expect(written).rejects.toThrow(/src\/content\/exercises\/values-card-sort\.mdx/);
    await expect(written).rejects.toThrow(field);
  });
});

describe('the catalog the functions load', () => {
  const valid = () => ({
    exercises: { 'values-card-sort': { title: 'Values card sort', prompts: [{ id: 'top-values', question: 'Which five?', answer: 'short', required: true }] } },
    inquiries: { enough: { question: 'What would enough look like?' } },
    posts: { 'a-post': { title: 'A post', pubDate: '2026-08-11T00:00:00.000Z', draft: false } },
  });

  it('is the catalog generated from this site’s content', async () => {
    expect(CATALOG).toEqual(await readCatalog(ROOT));
  });

  it('accepts a catalog as the integration writes it', () => {
    expect(parseCatalog(valid(), 'catalog.json')).toEqual(valid());
  });

  it('refuses one written by hand or by an older version, naming where it is wrong', () => {
    const broken = valid();
    Object.assign(broken.exercises['values-card-sort'].prompts[0]!, { answer: 'medium' });

    expect(() => parseCatalog(broken, 'catalog.json')).toThrow(/catalog\.json is not a valid content catalog/);
    expect(() => parseCatalog(broken, 'catalog.json')).toThrow(/values-card-sort.*\.prompts\[0\]\.answer/);
  });
});
