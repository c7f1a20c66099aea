/**
 * How long a client waits for the thank-you page when the email API is slow: the same intake
 * submissions answered after both emails are sent (the old way) and as soon as the answers are
 * stored, with the emails sent in `context.waitUntil` (the way the functions work now).
 * Part of `npm run bench`; on its own: `node scripts/benchAnswer.ts`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore } from '@netlify/blobs';
import { startLocalBlobs } from '#local/blobs.ts';
import { CATALOG } from '#server/catalog.ts';
import { handleSubmission, type BackgroundContext, type SubmissionDeps } from '#server/submissions/handleSubmission.ts';
import { intakeForm } from '#server/submissions/forms/intake.ts';
import { createConsoleLogger } from '#server/log.ts';
import { createResendMailer } from '#server/mail/mailer.ts';
import { createSubmissionStore, NO_COMPANIONS } from '#server/submissions/submissionStore.ts';
import { startFakeResend } from '#local/fakeResend.ts';
import { percentile } from './load.ts';

export interface AnswerFigures {
  emailLatencyMs: number;
  submissions: number;
  concurrency: number;
  inline: { p50: number; p99: number };
  afterStoring: { p50: number; p99: number };
}


function intake(): string {
  return JSON.stringify({
    id: randomUUID(),
    name: 'Bench Client',
    email: `bench-${randomUUID().slice(0, 8)}@example.org`,
    timeZone: 'Europe/London',
    currentSituation: 'Eight years in operations.',
    whyNow: 'A reorganisation.',
    goals: 'Work I care about.',
    success3Months: 'A shortlist.',
    success12Months: 'A new role.',
    strengths: 'Untangling projects.',
    values: 'Fairness, craft.',
    obstacles: 'Doubt.',
    accountability: 'email',
    consent: 'on',
  });
}

async function timeSubmissions(deps: SubmissionDeps, total: number, concurrency: number, background: boolean) {
  const pending: Promise<unknown>[] = [];
  const context: BackgroundContext = background ? { waitUntil: (work) => void pending.push(work) } : {};
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      const request = new Request('http://localhost/api/intake', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: intake() });
      const started = performance.now();
      const response = await handleSubmission(request, intakeForm, deps, context);
      latencies.push(performance.now() - started);
      if (response.status !== 201) throw new Error(`The benchmark's submission got ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await Promise.allSettled(pending);
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function benchAnswer({ submissions = 200, concurrency = 10, emailLatencyMs = 300 } = {}): Promise<AnswerFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'unstuck-bench-answer-'));
  const blobs = await startLocalBlobs(dir);
  const resend = await startFakeResend({ latencyMs: emailLatencyMs });
  process.env.NETLIFY_BLOBS_CONTEXT = blobs.context;
  process.env.RESEND_BASE_URL = resend.url;
  try {
    const deps: SubmissionDeps = {
      store: createSubmissionStore(getStore({ name: 'bench', consistency: 'strong' }), { companions: NO_COMPANIONS }),
      mailer: createResendMailer('re_bench', 10_000),
      clock: () => new Date(),
      log: createConsoleLogger(() => {}),
      catalog: CATALOG,
      minFillMs: 0,
      email: { catalog: CATALOG, ready: true, coachEmail: 'coach@example.com', fromEmail: 'Unstuck <hello@example.com>', siteUrl: 'http://localhost' },
    };
    const inline = await timeSubmissions(deps, submissions, concurrency, false);
    const afterStoring = await timeSubmissions(deps, submissions, concurrency, true);
    return { emailLatencyMs, submissions, concurrency, inline, afterStoring };
  } finally {
    delete process.env.RESEND_BASE_URL;
    await resend.close();
    await blobs.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export function answerRows(figures: AnswerFigures): [string, string][] {
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  return [
    ['Answer time: set-up', `${figures.submissions} intakes, ${figures.concurrency} at a time, email API answering in ${figures.emailLatencyMs} ms (sends not paced)`],
    ['Answer time: after both emails (before)', `p50 ${ms(figures.inline.p50)}, p99 ${ms(figures.inline.p99)}`],
    ['Answer time: once stored (now)', `p50 ${ms(figures.afterStoring.p50)}, p99 ${ms(figures.afterStoring.p99)}`],
  ];
}

if (import.meta.main) {
  const figures = await benchAnswer();
  for (const [measure, figure] of answerRows(figures)) console.log(`${measure}: ${figure}`);
}
