/**
 * `npm run bench`: how the site scales, in figures (not a pass/fail test).
 *  1. Build: a temporary copy of the site with 1,000 generated posts and 300 generated
 *     exercises; wall time, peak memory, cost per page.
 *  2. Functions: intake submissions to the built site served locally (real blob store, local
 *     outbox) over loopback at a fixed concurrency; throughput and latency percentiles.
 *  3. Answer time: how long a client waits when the email API takes 300 ms, answering after
 *     the emails (before) and once the answers are stored (now).
 *  4. Inbox: the coach's first inbox page with 10,000 stored submissions over 24 months.
 * Prints a table and writes it, with the machine it ran on, to docs/benchmarks.md.
 *
 *   npm run bench -- --posts 1000 --exercises 300 --submissions 2000 --concurrency 20
 */
import { execFile } from 'node:child_process';
import { cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { answerRows, benchAnswer, type AnswerFigures } from './benchAnswer.ts';
import { benchInbox, inboxRows, type InboxFigures } from './benchInbox.ts';
import { generatedContent } from './generatedContent.ts';
import { loadTest, type LoadReport } from './load.ts';
import { ROOT } from './store.ts';

interface BuildFigures {
  posts: number;
  exercises: number;
  pages: number;
  seconds: number;
  peakMemoryMiB: number;
  msPerPage: number;
}

/** Copies the site into a temp folder with generated content, builds it, and measures the build. */
async function benchBuild(posts: number, exercises: number): Promise<BuildFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'unstuck-bench-'));
  try {
    for (const entry of ['src', 'public', 'integrations', 'local', 'netlify', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
      await cp(path.join(ROOT, entry), path.join(dir, entry), { recursive: true, filter: (source) => !source.includes(`${path.sep}generated${path.sep}`) });
    }
    await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    for (const [relativePath, text] of Object.entries(generatedContent({ posts, exercises }))) {
      await mkdir(path.dirname(path.join(dir, relativePath)), { recursive: true });
      await writeFile(path.join(dir, relativePath), text);
    }

    // The build runs in its own Node process, which reports its own peak memory when done.
    const runner = `const { build } = await import('astro'); const t = performance.now(); await build({ root: ${JSON.stringify(dir)}, logLevel: 'error' }); console.log(JSON.stringify({ ms: performance.now() - t, maxRSS: process.resourceUsage().maxRSS }));`;
    const { ms, maxRSS } = await new Promise<{ ms: number; maxRSS: number }>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', runner], { cwd: dir, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
        error ? reject(new Error(`The benchmark build failed:\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').at(-1)!)),
      ),
    );
    const pages = (await readdir(path.join(dir, 'dist'), { recursive: true })).filter((f) => String(f).endsWith('.html')).length;
    return { posts, exercises, pages, seconds: ms / 1000, peakMemoryMiB: maxRSS / 1024, msPerPage: ms / pages };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory (${(freemem() / 2 ** 30).toFixed(0)} GiB free), ${platform()} ${release()}, Node ${process.version}`;
}

function table(build: BuildFigures, load: LoadReport, answer: AnswerFigures, inbox: InboxFigures): string {
  const rows: [string, string][] = [
    ['Build: content', `${build.posts} posts + ${build.exercises} exercises (plus the starter content)`],
    ['Build: pages written', String(build.pages)],
    ['Build: wall time', `${build.seconds.toFixed(1)} s`],
    ['Build: peak memory', `${build.peakMemoryMiB.toFixed(0)} MiB`],
    ['Build: cost per page', `${build.msPerPage.toFixed(1)} ms`],
    ['Functions: submissions', `${load.total} intake questionnaires, ${load.concurrency} at a time, over loopback`],
    ['Functions: answers', Object.entries(load.statuses).map(([status, count]) => `${count} × ${status}`).join(', ')],
    ['Functions: throughput', `${load.perSecond.toFixed(1)} submissions/s (${load.seconds.toFixed(1)} s in all)`],
    ['Functions: latency p50 / p95 / p99', `${load.latencyMs.p50.toFixed(0)} / ${load.latencyMs.p95.toFixed(0)} / ${load.latencyMs.p99.toFixed(0)} ms`],
    ['Functions: stored once, emails captured', `${load.stored} of ${load.total}; ${load.emailsCaptured} emails; ${load.problems.length} problems`],
    ...answerRows(answer),
    ...inboxRows(inbox),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return ['| measure | figure |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v} |`)].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      posts: { type: 'string', default: '1000' },
      exercises: { type: 'string', default: '300' },
      submissions: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '20' },
    },
  });
  console.log('Building a copy of the site with generated content…');
  const build = await benchBuild(Number(values.posts), Number(values.exercises));
  console.log('Sending intake submissions to the built site…');
  const load = await loadTest({ total: Number(values.submissions), concurrency: Number(values.concurrency), uploadsEvery: 0, only: 'intake' });
  console.log('Timing the answer with a slow email API…');
  const answer = await benchAnswer();
  console.log('Timing the inbox with 10,000 stored submissions…');
  const inbox = await benchInbox();
  const result = table(build, load, answer, inbox);
  console.log(`\n${result}\n`);
  const report = `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.\n\nMachine: ${machine()}.\n\n${result}\n\nThe build figures come from \`astro build\` of a temporary copy of the site with generated MDX; the function figures from\nthe production build served by \`local/serve.ts\` (the real function code, a real local blobs server, the local outbox)\nand checked afterwards: every submission stored exactly once, both emails of each captured exactly once. The inbox\nfigures come from records and their index seeded straight into a local blobs server (scripts/benchInbox.ts).\n`;
  await writeFile(path.join(ROOT, 'docs/benchmarks.md'), report);
  console.log('Written to docs/benchmarks.md');
}
