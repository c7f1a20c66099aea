/**
 * Performance budgets, checked on the real build: what each page costs a visitor over the
 * wire (gzip, level 9). The figures themselves are printed by `npm run bench`; here they gate.
 */
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type BuiltSite } from '../support/buildSite';

const KB = 1000;
const BUDGET = { formPageJs: 10 * KB, pageHtmlAndCss: 50 * KB } as const;

let site: BuiltSite;
const gz = (text: string) => gzipSync(text, { level: 9 }).length;
const pages = () => site.files.filter((file) => file.endsWith('.html'));

beforeAll(async () => {
  site = await buildSite();
}, 180_000);

/** The scripts a page loads: its module scripts and everything they import, each counted once. */
async function scriptsOf(html: string): Promise<Map<string, string>> {
  const scripts = new Map<string, string>();
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
  it('content pages ship no JavaScript at all', async () => {
    const content = [];
    for (const file of pages()) {
      const html = await site.read(file);
      if (html.includes('<form')) continue;
      content.push(file);
      expect((await scriptsOf(html)).size, file).toBe(0);
    }
    expect(content.length).toBeGreaterThan(100);
  });

  it(`form pages ship at most ${BUDGET.formPageJs / KB} KB of JavaScript, gzipped`, async () => {
    let checked = 0;
    for (const file of pages()) {
      const html = await site.read(file);
      if (!html.includes('<form')) continue;
      const scripts = await scriptsOf(html);
      expect(scripts.size, `${file} loads its form script`).toBeGreaterThan(0);
      const bytes = [...scripts.values()].reduce((sum, code) => sum + gz(code), 0);
      expect(bytes, `${file}: ${bytes} bytes of gzipped JavaScript`).toBeLessThanOrEqual(BUDGET.formPageJs);
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(24);
  });

  it(`every page's HTML and CSS together are at most ${BUDGET.pageHtmlAndCss / KB} KB gzipped`, async () => {
    for (const file of pages()) {
      const html = await site.read(file);
      const styles = [...html.matchAll(/<link rel="stylesheet" href="\/([^"]+)"/g)].map((m) => m[1]!);
      expect(styles.length, `${file} has its stylesheet`).toBeGreaterThan(0);
      let bytes = gz(html);
      for (const style of styles) bytes += gz(await site.read(style));
      expect(bytes, `${file}: ${bytes} bytes`).toBeLessThanOrEqual(BUDGET.pageHtmlAndCss);
    }
  });

  it('sizes every image and loads those below the fold lazily', async () => {
    for (const file of pages()) {
      for (const [tag] of (await site.read(file)).matchAll(/<img\b[^>]*>/g)) {
        expect(tag, file).toMatch(/\swidth="\d+"/);
        expect(tag, file).toMatch(/\sheight="\d+"/);
        expect(tag, file).toMatch(/\sloading="(lazy|eager)"/);
        if (!tag.includes('hero-image')) expect(tag, file).toContain('loading="lazy"');
      }
    }
  });
});
