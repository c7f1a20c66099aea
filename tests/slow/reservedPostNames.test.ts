/**
 * /blog/page/2/ is the blog's second page and /blog/tags/habits/ a tag page; a post at one of
 * those addresses would collide with them, so the content model refuses it by name.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureSite, type FixtureSite } from '../support/fixtureSite';

const POST = `---
title: A post
description: About something.
pubDate: 2026-01-01
---
Hello.
`;

const REFUSED = [
  { name: 'a post named page', file: 'src/content/blog/page.mdx', text: POST, word: 'page' },
  { name: 'a post in a folder named page', file: 'src/content/blog/page/2.mdx', text: POST, word: 'page' },
  { name: 'a post whose slug starts with page/', file: 'src/content/blog/renamed.mdx', text: POST.replace('---\nHello', 'slug: page/3\n---\nHello'), word: 'page' },
  { name: 'a post named tags', file: 'src/content/blog/tags.mdx', text: POST, word: 'tags' },
];

describe('post names the blog keeps for its own pages', () => {
  let site: FixtureSite;

  beforeAll(async () => {
    site = await createFixtureSite();
  });
  afterAll(() => site?.cleanup());

  beforeEach(async () => {
    for (const { file } of REFUSED) await site.remove(file);
  });

  it('accepts posts whose names only look like them', async () => {
    await site.write('src/content/blog/page-turner.mdx', POST);
    await site.write('src/content/blog/2.mdx', POST);

    const { code, output } = await site.astro('sync');

    expect(output).not.toMatch(/cannot be named/);
    expect(code).toBe(0);
  });

  for (const refused of REFUSED) {
    it(`refuses ${refused.name}, naming the file and why`, async () => {
      await site.write(refused.file, refused.text);

      const { code, output } = await site.astro('sync');

      expect(code).not.toBe(0);
      expect(output).toContain(`${refused.file}: a post cannot be named "${refused.word}"`);
      expect(output).toContain(`/blog/${refused.word}/ is where the blog's`);
    });
  }
});
