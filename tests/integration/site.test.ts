import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, PLANTED_SECRETS, type BuiltSite } from '../support/buildSite';
import { SITE } from '#src/site.config.ts';

let site: BuiltSite;
const pages = () => site.files.filter((file) => file.endsWith('.html'));
const urlOf = (file: string) => `/${file.replace(/index\.html$/, '').replace(/\.html$/, '')}`;

beforeAll(async () => {
  site = await buildSite();
}, 180_000);

describe('the built site', () => {
  it('has every public page the issue names', () => {
    const urls = pages().map(urlOf);
    for (const url of [
      '/', '/how-coaching-works/', '/about/', '/services/', '/contact/', '/privacy/', '/404',
      '/blog/', '/exercises/', '/inquiries/', '/intake/', '/homework/',
      '/thanks/intake/', '/thanks/homework/', '/thanks/exercise/', '/thanks/reflection/',
    ]) {
      expect(urls).toContain(url);
    }
    expect(site.files).toEqual(expect.arrayContaining(['rss.xml', 'robots.txt', 'sitemap-index.xml', 'favicon.svg']));
  });

  it('ships no JavaScript on content pages, only on pages with a client form (a post’s comment form works without)', async () => {
    let formPages = 0;
    let postPages = 0;
    for (const file of pages()) {
      const html = await site.read(file);
      if (html.includes('id="comment-form"')) {
        postPages += 1;
        expect(html, file).not.toMatch(/<script\b/i);
      } else if (html.includes('<form')) {
        formPages += 1;
        expect(html, file).toMatch(/<script type="module" src="\/_astro\/[^"]+\.js"><\/script>/);
      } else {
        expect(html, file).not.toMatch(/<script\b/i);
      }
    }
    // intake, homework, and one form on each exercise and inquiry page
    expect(formPages).toBeGreaterThanOrEqual(2 + 10 + 12);
    expect(postPages).toBeGreaterThanOrEqual(3);
  });

  it('gives every page one h1, a canonical URL and social card tags', async () => {
    for (const file of pages()) {
      const html = await site.read(file);
      expect(html.match(/<h1\b/g), `${file} h1 count`).toHaveLength(1);
      expect(html, file).toMatch(/<link rel="canonical" href="https:\/\/[^"]+"/);
      expect(html, file).toMatch(/<meta property="og:title" content="[^"]+"/);
      expect(html, file).toMatch(/<meta name="twitter:card" content="summary/);
      expect(html, file).toMatch(/<html lang="en"/);
    }
  });

  it('leaves drafts out of pages, the blog index, tag pages and the RSS feed', async () => {
    const draft = 'networking-when-youd-rather-not';
    expect(site.files.some((file) => file.includes(draft))).toBe(false);
    expect(await site.read('blog/index.html')).not.toContain(draft);
    expect(await site.read('rss.xml')).not.toContain(draft);
    expect(await site.read('sitemap-0.xml')).not.toContain(draft);
  });

  it('lists blog posts newest first with links that resolve', async () => {
    const index = await site.read('blog/index.html');
    const links = [...index.matchAll(/<h2><a href="(\/blog\/[^"]+\/)">/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(3);
    const dates = await Promise.all(
      links.map(async (link) => (await site.read(`${link.slice(1)}index.html`)).match(/<time datetime="([\d-]+)"/)![1]!),
    );
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('shows a reading time on every post', async () => {
    for (const file of pages().filter((f) => /^blog\/(?!tags\/)[^/]+\/index\.html$/.test(f))) {
      expect(await site.read(file), file).toMatch(/\d+ min read/);
    }
  });

  it('links every internal href to a page that exists', async () => {
    const known = new Set(pages().map(urlOf).concat(site.files.map((f) => `/${f}`)));
    const broken: string[] = [];
    for (const file of pages()) {
      for (const [, href] of (await site.read(file)).matchAll(/href="(\/[^"#?]*)/g)) {
        const target = href!.endsWith('/') || href!.includes('.') ? href! : `${href}/`;
        if (!known.has(target)) broken.push(`${urlOf(file)} → ${href}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('narrows the exercise library with plain links', async () => {
    const page = await site.read('exercises/filter/job-search/any/any/index.html');
    const cards = [...page.matchAll(/<article class="card">\s*<h2><a href="\/exercises\/([^/]+)\/"/g)].map((m) => m[1]);
    expect(cards.length).toBeGreaterThan(0);
    for (const slug of cards) {
      expect(await site.read(`exercises/${slug}/index.html`)).toMatch(/href="\/exercises\/filter\/job-search\/any\/any\/"/);
    }
    expect(page).toContain('<meta name="robots" content="noindex"');
  });

  it('publishes a valid RSS feed and a sitemap pointing at the configured site', async () => {
    const rss = await site.read('rss.xml');
    expect(rss).toMatch(/^<\?xml/);
    expect(rss).toContain(`<link>${SITE.url}/</link>`);
    expect((rss.match(/<item>/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(await site.read('sitemap-0.xml')).toContain(`${SITE.url}/how-coaching-works/`);
    expect(await site.read('robots.txt')).toContain(`Sitemap: ${SITE.url}/sitemap-index.xml`);
    expect(await site.read('robots.txt')).toContain('Disallow: /coach/');
    expect(await site.read('sitemap-0.xml')).not.toContain('/coach/'); // /blog/tags/coaching/ is a page of its own
  });

  it('publishes no secret: neither the names nor the values of the configured secrets', async () => {
    const leaks: string[] = [];
    for (const file of site.files) {
      const content = await site.read(file);
      for (const [name, value] of Object.entries(PLANTED_SECRETS)) {
        if (content.includes(value)) leaks.push(`${file} has the value of ${name}`);
        if (content.includes(name)) leaks.push(`${file} names ${name}`);
      }
      for (const name of ['COACH_EMAIL', 'FROM_EMAIL', 'NETLIFY_BLOBS_CONTEXT']) if (content.includes(name)) leaks.push(`${file} names ${name}`);
    }
    expect(leaks).toEqual([]);
  });
});
