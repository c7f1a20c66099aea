/**
 * The blog index and tag pages, SITE.postsPerPage posts to a page, built from a copy of the
 * site with enough posts for several pages: 28 more posts tagged "paging" (plus the three real
 * published ones), a draft and a post dated in the future.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SITE } from '#src/site.config.ts';
import { buildSiteWith, type BuiltSite } from '../support/buildSite';

const PAGED = 28;
const PUBLISHED = PAGED + 3;

function pagingPost(name: string, pubDate: string, extra = ''): string {
  return `---\ntitle: "Paging ${name}"\ndescription: "A post for the pagination test."\npubDate: ${pubDate}\ntags: [paging]\n${extra}---\n\nSome words.\n`;
}

const EXTRA_POSTS: Record<string, string> = {
  'src/content/blog/paging-draft.mdx': pagingPost('draft', '2025-03-01', 'draft: true\n'),
  'src/content/blog/paging-future.mdx': pagingPost('future', '2999-01-01'),
};
for (let i = 0; i < PAGED; i++) {
  EXTRA_POSTS[`src/content/blog/paging-${i}.mdx`] = pagingPost(String(i), `2025-01-${String(i + 1).padStart(2, '0')}`);
}

let site: BuiltSite;
const html = (address: string) => site.read(`${address.slice(1)}index.html`);
const exists = (address: string) => site.files.includes(`${address.slice(1)}index.html`);
const postsOn = async (address: string) => [...(await html(address)).matchAll(/<h2><a href="\/blog\/([^"]+)\/">/g)].map((m) => m[1]!);
const datesOn = async (address: string) => [...(await html(address)).matchAll(/<time datetime="([\d-]+)"/g)].map((m) => m[1]!);

beforeAll(async () => {
  site = await buildSiteWith(EXTRA_POSTS);
}, 180_000);

describe('the paginated blog index', () => {
  const pages = Math.ceil(PUBLISHED / SITE.postsPerPage);
  const addresses = ['/blog/', ...Array.from({ length: pages - 1 }, (_, i) => `/blog/page/${i + 2}/`)];

  it(`has page 1 at /blog/ and the rest at /blog/page/N/, ${SITE.postsPerPage} posts to a page`, async () => {
    expect(pages).toBeGreaterThanOrEqual(3);
    for (const address of addresses) expect(exists(address), address).toBe(true);
    expect(exists('/blog/page/1/'), 'no second address for page 1').toBe(false);
    expect(exists(`/blog/page/${pages + 1}/`)).toBe(false);

    const perPage = await Promise.all(addresses.map(postsOn));
    expect(perPage.slice(0, -1).map((posts) => posts.length)).toEqual(Array(pages - 1).fill(SITE.postsPerPage));
    expect(new Set(perPage.flat()).size).toBe(PUBLISHED);
  });

  it('lists every published post once, newest first across pages', async () => {
    const dates = (await Promise.all(addresses.map(datesOn))).flat();

    expect(dates).toHaveLength(PUBLISHED);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('leaves drafts and future posts off every page', async () => {
    for (const address of addresses) {
      const page = await html(address);
      expect(page, address).not.toContain('paging-draft');
      expect(page, address).not.toContain('paging-future');
    }
  });

  it('links each page to the previous and next with rel, in the head and in a named navigation', async () => {
    const first = await html('/blog/');
    const second = await html('/blog/page/2/');
    const last = await html(addresses.at(-1)!);

    expect(first).toContain('<link rel="next" href="/blog/page/2/">');
    expect(first).not.toMatch(/rel="prev"/);
    expect(second).toContain('<link rel="prev" href="/blog/">');
    expect(second).toContain('<link rel="next" href="/blog/page/3/">');
    expect(second).toMatch(/<nav class="pagination" aria-label="Pages of posts">/);
    expect(second).toMatch(/<a href="\/blog\/" rel="prev">← Newer posts<\/a>/);
    expect(second).toMatch(/<a href="\/blog\/page\/3\/" rel="next">Older posts →<\/a>/);
    expect(second).toContain(`Page 2 of ${pages}`);
    expect(last).toMatch(/rel="prev"/);
    expect(last).not.toMatch(/rel="next"/);
  });

  it('gives each later page its own title and canonical address', async () => {
    const second = await html('/blog/page/2/');

    expect(second).toContain(`<title>Blog, page 2 of ${pages} · ${SITE.name}</title>`);
    expect(second).toContain(`<link rel="canonical" href="${SITE.url}/blog/page/2/">`);
  });

  it('keeps every post at its own address', () => {
    for (let i = 0; i < PAGED; i++) expect(exists(`/blog/paging-${i}/`)).toBe(true);
  });
});

describe('paginated tag pages', () => {
  it('page the posts of a tag under /blog/tags/<tag>/page/N/', async () => {
    const addresses = ['/blog/tags/paging/', '/blog/tags/paging/page/2/', '/blog/tags/paging/page/3/'];
    for (const address of addresses) expect(exists(address), address).toBe(true);
    expect(exists('/blog/tags/paging/page/4/')).toBe(false);

    const perPage = await Promise.all(addresses.map(postsOn));
    expect(perPage.map((posts) => posts.length)).toEqual([10, 10, 8]);
    expect(new Set(perPage.flat()).size).toBe(PAGED);
    expect(perPage.flat().every((id) => id.startsWith('paging-'))).toBe(true);

    const second = await html('/blog/tags/paging/page/2/');
    expect(second).toContain('<link rel="prev" href="/blog/tags/paging/">');
    expect(second).toContain('<link rel="next" href="/blog/tags/paging/page/3/">');
    expect(second).toContain('Page 2 of 3');
    expect(second).toMatch(/<nav class="pagination" aria-label="Pages of posts about paging">/);
  });

  it('do not paginate a tag with one page of posts', async () => {
    const coaching = await html('/blog/tags/coaching/');

    expect(coaching).not.toContain('class="pagination"');
    expect(exists('/blog/tags/coaching/page/2/')).toBe(false);
  });
});

describe('feeds and the sitemap', () => {
  it('list the later pages in the sitemap', async () => {
    const sitemap = await site.read('sitemap-0.xml');

    expect(sitemap).toContain(`${SITE.url}/blog/page/2/`);
    expect(sitemap).toContain(`${SITE.url}/blog/tags/paging/page/3/`);
  });

  it('keep every published post in the RSS feed, unpaginated', async () => {
    const rss = await site.read('rss.xml');

    expect(rss.match(/<item>/g)).toHaveLength(PUBLISHED);
    expect(rss).not.toContain('/blog/page/');
  });
});
