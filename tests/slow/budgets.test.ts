/**
 * Performance budgets, checked on the real build: what each page costs a visitor over the
 * wire (gzip, level 9). The figures themselves are printed by `npm run bench`; here they gate.
 *
 * The site is built with 1,000 generated posts (the bench's generator) on top of the real
 * content: a budget checked over a handful of posts cannot fail where it matters, on listings
 * that grow with the blog. The generator writes varied text, so pages compress like real ones
 * (at 1,000 posts the unpaginated index was 68 KB gzipped). They build in about 12 s on two cores.
 */
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatedContent } from '#scripts/generatedContent.ts';
import { buildSiteWith, type BuiltSite } from '../support/buildSite';
import { pngBytes } from '../support/images';

const KB = 1000;
const GENERATED_POSTS = 1000;
const BUDGET = { formPageJs: 10 * KB, searchPageJs: 30 * KB, pageHtmlAndCss: 50 * KB } as const;
/** The one page that runs a script without a form to send (src/pages/search.astro). */
const SEARCH_PAGE = 'search/index.html';

/**
 * The real posts have no pictures yet, and an image budget checked over no images cannot fail.
 * So the site is built with one more post, with a picture at the top and one in the text.
 */
const ILLUSTRATED = 'budget-test-illustrated';
const ILLUSTRATED_POST = {
  [`src/content/blog/${ILLUSTRATED}.mdx`]: `---
title: A post with pictures
description: Checks that pictures are sized and loaded the way the budget says.
pubDate: 2026-01-15
heroImage: ./${ILLUSTRATED}/cover.png
heroAlt: A plain orange rectangle.
---

A first paragraph, so that the picture in the text comes after some words.

![A plain blue rectangle standing in for a chart.](./${ILLUSTRATED}/chart.png)

A last paragraph.
`,
  [`src/content/blog/${ILLUSTRATED}/cover.png`]: pngBytes(1600, 900),
  [`src/content/blog/${ILLUSTRATED}/chart.png`]: pngBytes(800, 500, [40, 90, 200]),
};

let site: BuiltSite;
const gz = (text: string) => gzipSync(text, { level: 9 }).length;
const pages = () => site.files.filter((file) => file.endsWith('.html'));
/** A form with its enhancing script; a post's comment form works without one and ships none. */
const hasScriptedForm = (html: string) => html.includes('<form') && !html.includes('id="comment-form"');
const imagesOf = (html: string) => [...html.matchAll(/<img\b[^>]*>/g)].map(([tag]) => tag);

beforeAll(async () => {
  site = await buildSiteWith({ ...generatedContent({ posts: GENERATED_POSTS }), ...ILLUSTRATED_POST });
}, 180_000);

/**
 * The JavaScript a page runs: its inline scripts, its module scripts and everything they import,
 * each counted once. Every <script> counts, whatever its type: the site has no JSON data blocks.
 */
async function scriptsOf(html: string): Promise<Map<string, string>> {
  const scripts = new Map<string, string>();
  for (const [index, [, attributes, body]] of [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].entries()) {
    if (!/\bsrc=/.test(attributes!)) scripts.set(`inline script #${index + 1}`, body!);
  }
  const queue = [...html.matchAll(/<script[^>]*\bsrc="\/([^"]+)"/g)].map((m) => m[1]!);
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (scripts.has(file)) continue;
    const code = await site.read(file);
    scripts.set(file, code);
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    for (const [, spec] of code.matchAll(/(?:from|import)\s*["'](\.\/[^"']+)["']/g)) queue.push(dir + spec!.slice(2));
  }
  return scripts;
}

describe('performance budgets', () => {
  it('are checked over a large blog: over a hundred index pages and tag pages of several pages each', () => {
    const indexPages = site.files.filter((file) => /^blog\/page\/\d+\/index\.html$/.test(file));
    const tagPages = site.files.filter((file) => /^blog\/tags\/tag-0\/(page\/\d+\/)?index\.html$/.test(file));

    expect(indexPages.length).toBeGreaterThanOrEqual(GENERATED_POSTS / 10);
    expect(tagPages.length).toBeGreaterThanOrEqual(4);
  });

  it('content pages ship no JavaScript at all', async () => {
    const content = [];
    for (const file of pages()) {
      const html = await site.read(file);
      if (hasScriptedForm(html)) continue;
      content.push(file);
      expect((await scriptsOf(html)).size, file).toBe(0);
    }
    expect(content.length).toBeGreaterThan(GENERATED_POSTS);
  });

  it(`form pages ship at most ${BUDGET.formPageJs / KB} KB of JavaScript, gzipped`, async () => {
    let checked = 0;
    for (const file of pages()) {
      const html = await site.read(file);
      if (!hasScriptedForm(html) || file === SEARCH_PAGE) continue;
      const scripts = await scriptsOf(html);
      expect(scripts.size, `${file} loads its form script`).toBeGreaterThan(0);
      const bytes = [...scripts.values()].reduce((sum, code) => sum + gz(code), 0);
      expect(bytes, `${file}: ${bytes} bytes of gzipped JavaScript`).toBeLessThanOrEqual(BUDGET.formPageJs);
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(24);
  });

  /**
   * What loads with the page, and Pagefind's own script, which it imports on the first search.
   * Not counted: Pagefind's WebAssembly and index, fetched on that first search, and each
   * result's fragment, fetched as the result is shown.
   */
  it(`the search page ships at most ${BUDGET.searchPageJs / KB} KB of JavaScript, gzipped, Pagefind's included`, async () => {
    const html = await site.read(SEARCH_PAGE);
    const scripts = await scriptsOf(html);
    expect(scripts.size, 'the search page loads its script').toBeGreaterThan(0);
    scripts.set('pagefind/pagefind.js', await site.read('pagefind/pagefind.js'));

    const bytes = [...scripts.values()].reduce((sum, code) => sum + gz(code), 0);

    expect(bytes, `${SEARCH_PAGE}: ${bytes} bytes of gzipped JavaScript`).toBeLessThanOrEqual(BUDGET.searchPageJs);
  });

  it(`every page's HTML and CSS together are at most ${BUDGET.pageHtmlAndCss / KB} KB gzipped`, async () => {
    const stylesheets = new Map<string, number>();
    for (const file of pages()) {
      const html = await site.read(file);
      const styles = [...html.matchAll(/<link rel="stylesheet" href="\/([^"]+)"/g)].map((m) => m[1]!);
      expect(styles.length, `${file} has its stylesheet`).toBeGreaterThan(0);
      let bytes = gz(html);
      for (const style of styles) {
        if (!stylesheets.has(style)) stylesheets.set(style, gz(await site.read(style)));
        bytes += stylesheets.get(style)!;
      }
      expect(bytes, `${file}: ${bytes} bytes`).toBeLessThanOrEqual(BUDGET.pageHtmlAndCss);
    }
  });

  it('sizes every image, loads a post’s hero at once and every other image lazily', async () => {
    const illustrated = imagesOf(await site.read(`blog/${ILLUSTRATED}/index.html`));
    expect(illustrated.filter((tag) => tag.includes('hero-image')), 'the hero image').toHaveLength(1);
    expect(illustrated.filter((tag) => !tag.includes('hero-image')), 'the picture in the text').toHaveLength(1);

    for (const file of pages()) {
      for (const tag of imagesOf(await site.read(file))) {
        expect(tag, file).toMatch(/\swidth="\d+"/);
        expect(tag, file).toMatch(/\sheight="\d+"/);
        // The hero is the first thing under the title; everything else starts below the fold.
        expect(tag, file).toContain(tag.includes('hero-image') ? 'loading="eager"' : 'loading="lazy"');
      }
    }
  });
});
