/**
 * `npm run audit`: Lighthouse on five pages of the built site, served with its functions by the
 * preview server and loaded by Debian's Chromium. Prints performance, accessibility, best practices
 * and SEO for each page, names the audits that keep a category under 100, and writes the same
 * report to docs/lighthouse.md. A report, not a gate: it exits 0 whatever the scores.
 *
 *   npm run audit              # Lighthouse's default: a mid-range phone on a slow 4G link (simulated)
 *   npm run audit -- --desktop # Lighthouse's desktop preset
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, chromiumPath, NO_CHROMIUM_MESSAGE } from '#local/chromium.ts';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launch, type LaunchedChrome } from 'chrome-launcher';
import lighthouse, { desktopConfig, type Result } from 'lighthouse';
import type { PreviewServer } from '#local/serve.ts';

type AuditResult = Result['audits'][string];

/** Not ./store.ts's ROOT: that module pulls in the functions, which need a build first. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const CATEGORIES = [
  { id: 'performance', title: 'Performance' },
  { id: 'accessibility', title: 'Accessibility' },
  { id: 'best-practices', title: 'Best practices' },
  { id: 'seo', title: 'SEO' },
] as const;

/** How many failing audits to name per category: enough to act on, few enough to read. */
const TOP_FAILURES = 4;

/**
 * Why an audit may fail here and not in production. Canonical links and the sitemap in robots.txt
 * name the production domain while the pages come from localhost.
 */
const LOCAL_ONLY: Record<string, string> = {
  canonical: 'canonical URLs name the production domain, the pages are served from localhost',
  'robots-txt': 'robots.txt names the production sitemap, the pages are served from localhost',
};

interface Finding {
  id: string;
  title: string;
  detail: string;
}

interface PageReport {
  name: string;
  path: string;
  scores: Record<string, number | null>;
  /** By category, only for those under 100: the scored audits that cost points, worst first. */
  shortfalls: Record<string, Finding[]>;
  /** Audits that errored or fail without weight: they move no score but are worth knowing. */
  unscored: Finding[];
  error?: string;
}

/** The newest post: the first post link on the blog's index (tag pages also live under /blog/). */
async function firstPostPath(dist: string): Promise<string> {
  const html = await readFile(path.join(dist, 'blog', 'index.html'), 'utf8');
  const post = [...html.matchAll(/href="(\/blog\/[^"/?#]+\/)"/g)].map((match) => match[1]!).find((href) => href !== '/blog/tags/');
  return post ?? '/blog/homework-that-actually-gets-done/';
}

/**
 * The trace engine inside Lighthouse 12.2.3 reads `chrome_frame_reporter.frame_sequence` from
 * PipelineReporter trace events, which Debian's Chromium 156 does not write. Lighthouse stays at
 * 12.2.3 because `npm ci` here refuses a lock made with 12.3 to 13.4. Only unweighted diagnostics
 * need that part of the trace, so the scores stand; the report says which audits it cost.
 */
const TRACE_MISMATCH = 'frame_sequence';

function finding(id: string, audit: AuditResult): Finding {
  const error = audit.errorMessage?.includes(TRACE_MISMATCH)
    ? "this Lighthouse's trace engine cannot read this Chromium's frame events (a version mismatch, not the site)"
    : audit.errorMessage;
  const detail = audit.scoreDisplayMode === 'error' ? `errored: ${error ?? 'no message'}` : (audit.displayValue ?? '');
  return { id, title: audit.title, detail: [detail, LOCAL_ONLY[id] && `expected here: ${LOCAL_ONLY[id]}`].filter(Boolean).join('; ') };
}

async function auditPage(url: string, port: number, desktop: boolean): Promise<Omit<PageReport, 'name' | 'path'>> {
  const flags = { port, logLevel: 'error' as const, onlyCategories: CATEGORIES.map((category) => category.id) };
  let result = await lighthouse(url, flags, desktop ? desktopConfig : undefined);
  // Now and then the trace of a load comes back unusable (NO_NAVSTART); Lighthouse's advice is to run again.
  if (result?.lhr.runtimeError?.code === 'NO_NAVSTART') {
    console.log(`  ${new URL(url).pathname}: the trace came back unusable (NO_NAVSTART), running again`);
    result = await lighthouse(url, flags, desktop ? desktopConfig : undefined);
  }
  if (!result) return { scores: {}, shortfalls: {}, unscored: [], error: 'Lighthouse returned no result' };
  const { lhr } = result;
  const failed = (audit: AuditResult) => audit.score !== null && audit.score < 1 && !['informative', 'manual', 'notApplicable'].includes(audit.scoreDisplayMode);
  const report: Omit<PageReport, 'name' | 'path'> = { scores: {}, shortfalls: {}, unscored: [] };
  for (const { id } of CATEGORIES) {
    const category = lhr.categories[id];
    const score = category?.score ?? null;
    report.scores[id] = score === null ? null : Math.round(score * 100);
    const refs = (category?.auditRefs ?? []).map((ref) => ({ ...ref, audit: lhr.audits[ref.id]! }));
    if (report.scores[id] !== 100) {
      // Only weighted audits cost points; the worst cost first.
      report.shortfalls[id] = refs
        .filter((ref) => ref.weight > 0 && failed(ref.audit))
        .sort((a, b) => b.weight * (1 - b.audit.score!) - a.weight * (1 - a.audit.score!))
        .slice(0, TOP_FAILURES)
        .map((ref) => finding(ref.id, ref.audit));
    }
    for (const ref of refs) {
      if (ref.audit.scoreDisplayMode === 'error' || (ref.weight === 0 && failed(ref.audit))) report.unscored.push(finding(ref.id, ref.audit));
    }
  }
  if (lhr.runtimeError) report.error = `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`;
  return report;
}

function table(reports: PageReport[]): string {
  const header = ['Page', ...CATEGORIES.map((category) => category.title)];
  const rows = reports.map((report) => [`${report.name} (\`${report.path}\`)`, ...CATEGORIES.map(({ id }) => String(report.scores[id] ?? '—'))]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function shortfalls(reports: PageReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (report.error) lines.push(`- ${report.name}: ${report.error}`);
    for (const { id, title } of CATEGORIES) {
      const findings = report.shortfalls[id];
      // No score means the run failed, and the error above says why.
      if (!findings || report.scores[id] === null) continue;
      lines.push(`- ${report.name}, ${title} ${report.scores[id]}:`);
      for (const { title: audit, detail } of findings) lines.push(`  - ${audit}${detail ? ` (${detail})` : ''}`);
    }
  }
  return lines.length ? lines.join('\n') : 'Nothing: every category is at 100 on every page.';
}

/** Unscored findings, each once, with the pages it was seen on. */
function unscored(reports: PageReport[]): string {
  const seen = new Map<string, { finding: Finding; pages: string[] }>();
  for (const report of reports) {
    for (const item of report.unscored) {
      const entry = seen.get(item.id) ?? { finding: item, pages: [] };
      entry.pages.push(report.name);
      seen.set(item.id, entry);
    }
  }
  if (!seen.size) return 'None.';
  return [...seen.values()].map(({ finding: { title, detail }, pages }) => `- ${title} (${pages.join(', ')})${detail ? `: ${detail}` : ''}`).join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { desktop: { type: 'boolean', default: false } } });
  const chromePath = chromiumPath();
  if (!chromePath) {
    console.error(NO_CHROMIUM_MESSAGE);
    process.exitCode = 1;
    return;
  }

  // The build writes dist/ and the catalog that the functions behind the preview server import.
  const dist = path.join(ROOT, 'dist');
  if (![path.join(dist, 'index.html'), path.join(ROOT, 'netlify', 'generated', 'catalog.json')].every((file) => existsSync(file))) {
    console.log('No complete build: running `npm run build` first.');
    if (spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) {
      console.error('The build failed; nothing to audit.');
      process.exitCode = 1;
      return;
    }
  }

  const pages = [
    { name: 'Home', path: '/' },
    { name: 'Session guide', path: '/how-coaching-works/' },
    { name: 'Post', path: await firstPostPath(dist) },
    { name: 'Exercise', path: '/exercises/values-card-sort/' },
    { name: 'Intake', path: '/intake/' },
  ];

  const started = performance.now();
  // A throwaway blob store, so the audit never touches the .data/ that `npm start` uses.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'unstuck-audit-'));
  let server: PreviewServer | undefined;
  let chrome: LaunchedChrome | undefined;
  const reports: PageReport[] = [];
  try {
    // Imported only now: its functions import the catalog that a fresh clone gets from the build above.
    const { startPreviewServer } = await import('#local/serve.ts');
    server = await startPreviewServer({ root: ROOT, port: 0, dataDir, schedule: false, loadDotEnv: false, log: () => {} });
    // chrome-launcher gives Chromium a fresh profile in a temporary folder and removes it on kill().
    chrome = await launch({ chromePath, chromeFlags: ['--headless', ...CHROMIUM_ARGS], logLevel: 'silent' });
    const mode = values.desktop ? 'desktop preset' : 'mobile (Lighthouse default: emulated Moto G Power, simulated slow 4G)';
    console.log(`Lighthouse on ${server.url} with ${chromePath}, ${mode}.\n`);
    for (const page of pages) {
      const pageStarted = performance.now();
      try {
        reports.push({ ...page, ...(await auditPage(`${server.url}${page.path}`, chrome.port, values.desktop)) });
      } catch (error) {
        reports.push({ ...page, scores: {}, shortfalls: {}, unscored: [], error: error instanceof Error ? error.message : String(error) });
      }
      console.log(`  ${page.path}: ${((performance.now() - pageStarted) / 1000).toFixed(1)} s`);
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const cpus = os.cpus();
    const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
    const browser = spawnSync(chromePath, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const lighthouseVersion = (JSON.parse(await readFile(path.join(ROOT, 'node_modules', 'lighthouse', 'package.json'), 'utf8')) as { version: string }).version;
    const body = [
      table(reports),
      '',
      '## What keeps a score under 100',
      '',
      shortfalls(reports),
      '',
      '## Audits that move no score but errored or failed',
      '',
      unscored(reports),
      '',
    ].join('\n');
    console.log(`\n${body}`);
    await writeFile(
      path.join(ROOT, 'docs', 'lighthouse.md'),
      [
        '# Lighthouse scores',
        '',
        `Written by \`npm run audit${values.desktop ? ' -- --desktop' : ''}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; the five audits took ${seconds} s.`,
        `Lighthouse ${lighthouseVersion}, ${mode}, on ${browser || chromePath}, serving the build in dist/ with \`local/serve.ts\`.`,
        `Machine: ${machine}. Performance depends on the machine; the other three do not.`,
        '',
        body,
      ].join('\n'),
    );
    console.log(`Audited in ${seconds} s (not counting any build). Written to docs/lighthouse.md.`);
  } finally {
    chrome?.kill();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
