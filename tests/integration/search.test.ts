/**
 * The search index the build writes to dist/pagefind/, and the headers the search page is served
 * with: in dist/_headers for Netlify, and from the local preview server.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewServer, type PreviewServer } from '#local/serve.ts';
import { CONTENT_SECURITY_POLICY, headersForPath, SEARCH_CONTENT_SECURITY_POLICY } from '#server/web/securityHeaders.ts';
import { buildSite, type BuiltSite } from '../support/buildSite';
import { ROOT } from '../support/fixtureSite';

interface Fragment {
  url: string;
  content: string;
  filters: { kind?: string[] };
  meta: { title?: string };
}

let site: BuiltSite;
let preview: PreviewServer;
let dataDir: string;
let fragments: Fragment[];

/** A Pagefind fragment file is gzipped "pagefind_dcd" followed by the page's JSON. */
async function readFragments(): Promise<Fragment[]> {
  const files = site.files.filter((file) => file.startsWith('pagefind/fragment/'));
  return Promise.all(
    files.map(async (file) => JSON.parse(gunzipSync(await readFile(path.join(site.dir, file))).toString('utf8').replace(/^pagefind_dcd/, '')) as Fragment),
  );
}

/** The addresses of the built pages in a section, its own index pages left out. */
const entryPages = (section: string, notEntries: string[]) =>
  site.files
    .filter((file) => new RegExp(`^${section}/[^/]+/index\\.html$`).test(file))
    .map((file) => `/${file.replace(/index\.html$/, '')}`)
    .filter((url) => !notEntries.some((prefix) => url.startsWith(prefix)));

beforeAll(async () => {
  site = await buildSite();
  fragments = await readFragments();
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-search-'));
  delete process.env.RESEND_API_KEY;
  preview = await startPreviewServer({ root: ROOT, dist: site.dir, port: 0, dataDir, schedule: false, loadDotEnv: false, log: () => {} });
}, 180_000);
afterAll(async () => {
  await preview?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the search index', () => {
  it('holds every published post, exercise and inquiry, each under its kind', () => {
    const expected = [
      ...entryPages('blog', ['/blog/tags/', '/blog/page/']).map((url) => [url, 'post']),
      ...entryPages('exercises', ['/exercises/filter/']).map((url) => [url, 'exercise']),
      ...entryPages('inquiries', ['/inquiries/themes/']).map((url) => [url, 'inquiry']),
    ];

    const indexed = fragments.map((fragment) => [fragment.url, fragment.filters.kind?.join()]);

    expect(expected.length).toBeGreaterThanOrEqual(3 + 10 + 12);
    expect(indexed.sort()).toEqual(expected.sort());
  });

  it('holds nothing else: no thank-you, form, listing, search or coach page, and no draft', () => {
    for (const { url } of fragments) {
      expect(url).toMatch(/^\/(blog|exercises|inquiries)\/[a-z0-9-]+\/$/);
      expect(url).not.toMatch(/^\/(thanks|intake|homework|search|coach|my)\//);
    }
    expect(fragments.map((fragment) => fragment.url)).not.toContain('/blog/networking-when-youd-rather-not/');
  });

  it('titles each result with the page heading and leaves forms and links to other pages out of its text', () => {
    const exercise = fragments.find((fragment) => fragment.url === '/exercises/values-card-sort/')!;

    expect(exercise.meta.title).toBe('Values card sort');
    expect(exercise.content).toContain('Sort a deck of values');
    for (const words of ['Send my answers', 'About you', 'Your email', 'Inquiries to sit with alongside it', 'Set a commitment for it']) {
      expect(exercise.content).not.toContain(words);
    }
  });

  it('is loaded by the search page’s script alone', async () => {
    const search = await site.read('search/index.html');
    const searchScript = search.match(/<script type="module" src="\/([^"]+)"/)![1]!;
    expect(await site.read(searchScript)).toContain('/pagefind/pagefind.js');

    for (const file of site.files.filter((f) => /\.(html|js)$/.test(f) && !f.startsWith('pagefind/') && f !== searchScript)) {
      expect(await site.read(file), file).not.toContain('/pagefind/');
    }
  });
});

describe('the search page’s Content-Security-Policy', () => {
  it('differs from every other page’s by allowing WebAssembly, and only that', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
    expect(SEARCH_CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(SEARCH_CONTENT_SECURITY_POLICY.replace(" 'wasm-unsafe-eval'", '')).toBe(CONTENT_SECURITY_POLICY);
    expect(SEARCH_CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
  });

  it('is written to dist/_headers as a /search/* rule after /*, each rule with one policy', async () => {
    const rules = (await site.read('_headers')).split(/\n(?=\/)/).map((block) => block.trim().split('\n'));

    expect(rules.map(([path]) => path)).toEqual(['/*', '/search/*']);
    const policies = rules.map((lines) => lines.filter((line) => line.trimStart().startsWith('Content-Security-Policy:')));
    expect(policies).toEqual([[`  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}`], [`  Content-Security-Policy: ${SEARCH_CONTENT_SECURITY_POLICY}`]]);
  });

  it('applies, rule by rule and later rules winning, to the search page and nothing else', () => {
    for (const pathname of ['/search/', '/search', '/search/index.html']) {
      expect(headersForPath(pathname)['Content-Security-Policy'], pathname).toBe(SEARCH_CONTENT_SECURITY_POLICY);
    }
    for (const pathname of ['/', '/blog/', '/blog/page/2/', '/pagefind/pagefind.js', '/no-such-page/']) {
      expect(headersForPath(pathname)['Content-Security-Policy'], pathname).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(headersForPath('/search/')['X-Frame-Options']).toBe('DENY');
  });

  it.each([
    ['/search/', SEARCH_CONTENT_SECURITY_POLICY],
    ['/blog/', CONTENT_SECURITY_POLICY],
    ['/pagefind/pagefind.js', CONTENT_SECURITY_POLICY],
    ['/no-such-page/', CONTENT_SECURITY_POLICY],
  ])('is sent by the local preview server for %s as exactly one policy', async (pathname, policy) => {
    const response = await fetch(new URL(pathname, preview.url));
    await response.arrayBuffer();

    // Two policies would arrive joined by a comma, and a browser would enforce both.
    expect(response.headers.get('content-security-policy')).toBe(policy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
