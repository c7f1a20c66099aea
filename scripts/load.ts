/**
 * `npm run load`: many concurrent submissions to the built site served locally (the preview
 * server with its functions, real blob store and local outbox), then proof that every one was
 * stored exactly once and every notification captured exactly once. Prints its figures.
 *
 *   npm run load -- --total 500 --concurrency 50 --uploads-every 5
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getStore } from '@netlify/blobs';
import { startPreviewServer } from '#local/serve.ts';
import { CATALOG } from '#server/catalog.ts';
import { OUTBOX_STORE, readOutbox } from '#local/outboxMailer.ts';
import { ROOT } from './store.ts';

export interface LoadOptions {
  total: number;
  concurrency: number;
  /** Every Nth submission is an intake with a resume and cover letter attached (0: none). */
  uploadsEvery: number;
  /** Send only this kind (default: the four kinds in turn). */
  only?: 'intake' | 'commitment' | 'response' | 'reflection';
}

export interface LoadReport extends LoadOptions {
  seconds: number;
  perSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  statuses: Record<string, number>;
  stored: number;
  emailsCaptured: number;
  pendingLeft: number;
  problems: string[];
}

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'.padEnd(40_000, ' '));

/** One submission of each kind in turn, with valid answers and a fresh id. */
function submission(index: number, uploadsEvery: number, only?: LoadOptions['only']): { kind: string; endpoint: string; id: string; body: FormData | string; json: boolean } {
  const id = randomUUID();
  const who = { name: `Load Client ${index}`, email: `load-${index}-${id.slice(0, 6)}@example.com` };
  const [exerciseSlug, exercise] = Object.entries(CATALOG.exercises)[index % Object.keys(CATALOG.exercises).length]!;
  const inquiry = Object.keys(CATALOG.inquiries)[index % Object.keys(CATALOG.inquiries).length]!;
  const withUploads = uploadsEvery > 0 && index % uploadsEvery === 0;
  const kind = withUploads ? 'intake' : (only ?? (['intake', 'commitment', 'response', 'reflection'] as const)[index % 4]!);
  const fields: Record<string, string> = {
    intake: {
      id, ...who, timeZone: 'America/Chicago', currentSituation: 'Stuck in a role.', whyNow: 'A reorg.', goals: 'A new role.',
      success3Months: 'Clarity.', success12Months: 'A move.', strengths: 'Planning.', values: 'Fairness.', obstacles: 'Doubt.',
      accountability: 'email', consent: 'on',
    },
    commitment: { id, ...who, what: 'Send two applications', when: `${new Date().getUTCFullYear() + 1}-01-01T09:00`, timeZone: 'Europe/Paris', howWillIKnow: 'An email' },
    response: { id, ...who, exercise: exerciseSlug, ...Object.fromEntries(exercise.prompts.map((p) => [`answers.${p.id}`, 'An answer.'])) },
    reflection: { id, ...who, inquiry, reflection: 'Something I noticed.' },
  }[kind];
  const endpoint = { intake: '/api/intake', commitment: '/api/commitments', response: '/api/responses', reflection: '/api/reflections' }[kind];
  if (!withUploads) return { kind, endpoint, id, body: JSON.stringify(fields), json: true };
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('resume', new File([PDF], 'resume.pdf', { type: 'application/pdf' }));
  form.append('coverLetter', new File([new TextEncoder().encode('Dear hiring manager,\nI would like to...\n')], 'letter.txt', { type: 'text/plain' }));
  return { kind, endpoint, id, body: form, json: false };
}

/** The p-th percentile of ascending figures (nearest rank). */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Sends the load to a running site and checks the outcome in its store and outbox. */
export async function runLoad(baseUrl: string, blobsContext: string, options: LoadOptions, idle: () => Promise<void> = async () => {}): Promise<LoadReport> {
  const sent: { kind: string; id: string; status: number; ms: number }[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.total) {
      const index = next++;
      const item = submission(index, options.uploadsEvery, options.only);
      const t0 = performance.now();
      let status: number;
      try {
        const response = await fetch(new URL(item.endpoint, baseUrl), {
          method: 'POST',
          headers: item.json ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' },
          body: item.body,
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = -1;
      }
      sent.push({ kind: item.kind, id: item.id, status, ms: performance.now() - t0 });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  // Emails go out after each answer; check once they all have.
  await idle();

  process.env.NETLIFY_BLOBS_CONTEXT = blobsContext;
  const store = getStore({ name: 'submissions', consistency: 'strong' });
  const problems: string[] = [];
  const recordKeys = new Set<string>();
  for (const kind of ['intake', 'commitment', 'response', 'reflection']) {
    for (const { key } of (await store.list({ prefix: `${kind}/` })).blobs) recordKeys.add(key);
  }
  const pendingLeft = (await store.list({ prefix: 'pending/' })).blobs.length;
  const outbox = await readOutbox(getStore({ name: OUTBOX_STORE, consistency: 'strong' }));
  const emailsById = new Map<string, number>();
  for (const message of outbox) {
    const id = message.idempotencyKey.split('/')[1]!;
    emailsById.set(id, (emailsById.get(id) ?? 0) + 1);
  }
  for (const item of sent) {
    if (item.status !== 201) problems.push(`${item.kind} ${item.id}: answered ${item.status}`);
    if (!recordKeys.has(`${item.kind}/${item.id}`)) problems.push(`${item.kind} ${item.id}: not stored`);
    const emails = emailsById.get(item.id) ?? 0;
    if (emails !== 2) problems.push(`${item.kind} ${item.id}: ${emails} emails captured, expected 2`);
  }
  const loadIds = new Set(sent.map((item) => item.id));
  const stored = [...recordKeys].filter((key) => loadIds.has(key.split('/')[1]!)).length;
  if (stored !== sent.length) problems.push(`${stored} records for ${sent.length} submissions`);
  if (pendingLeft > 0) problems.push(`${pendingLeft} notifications still pending`);

  const latencies = sent.map((item) => item.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const item of sent) statuses[item.status] = (statuses[item.status] ?? 0) + 1;
  return {
    ...options,
    seconds,
    perSecond: sent.length / seconds,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 },
    statuses,
    stored,
    emailsCaptured: [...loadIds].reduce((sum, id) => sum + (emailsById.get(id) ?? 0), 0),
    pendingLeft,
    problems,
  };
}

/** Serves the built site on a free port with a throw-away store, runs the load, and cleans up. */
export async function loadTest(options: LoadOptions, dist = path.join(ROOT, 'dist')): Promise<LoadReport> {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('No build found: run `npm run build` first.');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-load-'));
  delete process.env.RESEND_API_KEY;
  process.env.SPAM_MIN_FILL_SECONDS = '0';
  const server = await startPreviewServer({ root: ROOT, dist, port: 0, dataDir, schedule: false, loadDotEnv: false, log: () => {} });
  const quiet = console.log;
  console.log = () => {}; // the functions log a line per submission
  try {
    return await runLoad(server.url, server.runtime.blobs.context, options, server.runtime.idle);
  } finally {
    console.log = quiet;
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function formatReport(report: LoadReport): string {
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  return [
    `Submissions: ${report.total} (${report.concurrency} at a time, intake with 2 uploads every ${report.uploadsEvery || 'never'})`,
    `Answers: ${Object.entries(report.statuses).map(([status, count]) => `${count} × ${status}`).join(', ')}`,
    `Time: ${report.seconds.toFixed(1)} s, ${report.perSecond.toFixed(1)} submissions/s`,
    `Latency: p50 ${ms(report.latencyMs.p50)}, p95 ${ms(report.latencyMs.p95)}, p99 ${ms(report.latencyMs.p99)}, max ${ms(report.latencyMs.max)}`,
    `Stored exactly once: ${report.stored} of ${report.total}`,
    `Emails captured: ${report.emailsCaptured} (expected ${report.total * 2}); still pending: ${report.pendingLeft}`,
    report.problems.length === 0 ? 'Nothing lost.' : `PROBLEMS (${report.problems.length}):\n${report.problems.slice(0, 20).map((p) => `  ${p}`).join('\n')}`,
  ].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { total: { type: 'string', default: '500' }, concurrency: { type: 'string', default: '50' }, 'uploads-every': { type: 'string', default: '5' } },
  });
  const report = await loadTest({ total: Number(values.total), concurrency: Number(values.concurrency), uploadsEvery: Number(values['uploads-every']) });
  console.log(formatReport(report));
  process.exit(report.problems.length === 0 ? 0 : 1);
}
