/**
 * `npm run jobs` and `npm run jobs -- --at …`: the scheduled function run once through the local
 * runtime, against a real local store in a folder of its own, on the system clock or a moved one.
 * (Own file: the runtime sets process.env and the functions' clock.)
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jobsCommand, parseMoment, runJobs } from '#local/jobs.ts';
import type { OutboxMessage } from '#local/outboxMailer.ts';
import { startLocalRuntime } from '#local/runtime.ts';
import { CATALOG } from '#server/catalog.ts';
import type { SchedulerReport } from '#server/scheduler/runScheduler.ts';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { ROOT } from '../support/fixtureSite';

const ORIGIN = 'http://localhost:4321';
const ENV_NAMES = ['NETLIFY_BLOBS_CONTEXT', 'RESEND_API_KEY', 'COACH_EMAIL', 'FROM_EMAIL', 'SITE_URL', 'SIGNING_SECRET'] as const;
const savedEnv = new Map<string, string | undefined>();
let dataDir: string;

beforeAll(async () => {
  for (const name of ENV_NAMES) savedEnv.set(name, process.env[name]);
  // No API key: emails go to the local outbox.
  delete process.env.RESEND_API_KEY;
  vi.spyOn(console, 'log').mockImplementation(() => {});
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-jobs-'));
});

afterAll(async () => {
  vi.restoreAllMocks();
  await rm(dataDir, { recursive: true, force: true });
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** Starts the local runtime on the temp store, at `at` if given, for `work`, and stops it. */
async function withRuntime<T>(work: (runtime: Awaited<ReturnType<typeof startLocalRuntime>>) => Promise<T>, at?: string): Promise<T> {
  const runtime = await startLocalRuntime({ root: ROOT, dataDir, siteUrl: ORIGIN, schedule: false, loadDotEnv: false, log: () => {}, ...(at ? { clock: () => new Date(at) } : {}) });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

const outbox = () => withRuntime(async (runtime) => (await (await runtime.handle(new Request(new URL('/dev/outbox.json', ORIGIN))))!.json()) as OutboxMessage[]);

describe('npm run jobs -- --at', () => {
  it('runs the scheduled function as if it were that moment: a post held one afternoon is in the next morning’s note', async () => {
    const id = randomUUID();
    // Held at noon in Chicago on 30 November.
    await withRuntime(async (runtime) => {
      const body = { id, name: 'Spam Bot', email: 'bot@example.org', inquiry: Object.keys(CATALOG.inquiries)[0]!, reflection: 'Buy now', [HONEYPOT_FIELD]: 'bot' };
      const response = await runtime.handle(new Request(new URL('/api/reflections', ORIGIN), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
      expect(response!.status).toBe(201);
    }, '2026-11-30T18:00:00Z');

    // 07:05 the next morning in Chicago.
    const results = await runJobs({ at: new Date('2026-12-01T13:05:00Z'), root: ROOT, dataDir, log: () => {} });

    const report = results.scheduler as SchedulerReport;
    expect(report.at).toBe('2026-12-01T13:05:00.000Z');
    expect(report.tasks['morning-summary']).toMatchObject({ ran: true, items: 1, sent: true });
    const note = (await outbox()).find((message) => message.idempotencyKey === 'morning-summary/2026-12-01');
    expect(note).toMatchObject({ to: ['coach@unstuck.localhost'], subject: 'Your morning summary, Tue, Dec 1: 1 held as spam' });
    expect(note!.text).toContain(`npm run spam -- release ${id}`);
    expect(note!.createdAt).toMatch(/^2026-12-01T13:05:/);
  });

  it('runs it again later that morning without a second note', async () => {
    const results = await runJobs({ at: new Date('2026-12-01T13:20:00Z'), root: ROOT, dataDir, log: () => {} });

    expect((results.scheduler as SchedulerReport).tasks['morning-summary']).toEqual({ ran: false, why: 'not due' });
    expect((await outbox()).filter((message) => message.idempotencyKey.startsWith('morning-summary/'))).toHaveLength(1);
  });
});

describe('npm run jobs -- --at, between sessions', () => {
  it('sends a commitment’s reminder and check-in to the local outbox when their moments come, each once', async () => {
    const id = randomUUID();
    // Committed on Tuesday 1 December, 09:00 in Chicago, for Friday 18:00.
    await withRuntime(async (runtime) => {
      const body = { id, name: 'Ada Lovelace', email: 'ada@example.org', what: 'Send two informational-interview requests', when: '2026-12-04T18:00', timeZone: 'America/Chicago', howWillIKnow: 'I will forward you the sent emails.' };
      const response = await runtime.handle(new Request(new URL('/api/commitments', ORIGIN), { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) }));
      expect(response!.status).toBe(201);
      await runtime.idle();
    }, '2026-12-01T15:00:00Z');
    const loopMail = async () => (await outbox()).filter((message) => message.idempotencyKey.startsWith(`loop/${id}/`));

    // Wednesday, Thursday 09:05, Thursday 09:20 and Saturday 00:05 UTC (Friday 18:05 in Chicago).
    await runJobs({ at: new Date('2026-12-02T15:05:00Z'), root: ROOT, dataDir, log: () => {} });
    const beforeReminder = await loopMail();
    const atReminder = await runJobs({ at: new Date('2026-12-03T15:05:00Z'), root: ROOT, dataDir, log: () => {} });
    await runJobs({ at: new Date('2026-12-03T15:20:00Z'), root: ROOT, dataDir, log: () => {} });
    await runJobs({ at: new Date('2026-12-05T00:05:00Z'), root: ROOT, dataDir, log: () => {} });

    expect(beforeReminder).toEqual([]);
    expect((atReminder.scheduler as SchedulerReport).tasks['homework-loop']).toMatchObject({ ran: true, sent: 1, failed: false });
    const sent = await loopMail();
    expect(sent.map((message) => message.idempotencyKey)).toEqual([`loop/${id}/reminder`, `loop/${id}/check-in`]);
    expect(sent[1]).toMatchObject({ to: ['ada@example.org'], subject: 'How did it go? Your homework, due Fri, Dec 4' });
    expect(sent[1]!.text).toContain(`${ORIGIN}/api/check-in?purpose=check-in&c=${id}&a=done`);
    expect(sent[1]!.headers).toMatchObject({ 'List-Unsubscribe': expect.stringMatching(new RegExp(`^<${ORIGIN}/api/stop-reminders\\?`)), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });
});

describe('npm run jobs', () => {
  it('loads every function file as plain Node does, by stripping types', () => {
    const files = readdirSync(path.join(ROOT, 'netlify/functions')).map((file) => pathToFileURL(path.join(ROOT, 'netlify/functions', file)).href);

    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `for (const file of ${JSON.stringify(files)}) await import(file);`], { encoding: 'utf8' });

    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
  });
});

describe('the --at argument', () => {
  it.each([
    ['2026-12-01T09:00:00Z', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01T07:05-06:00', '2026-12-01T13:05:00.000Z'],
    ['2027-03-14T03:00:00.250+05:30', '2027-03-13T21:30:00.250Z'],
  ])('takes %s as %s', (text, iso) => {
    expect(parseMoment(text)).toEqual({ ok: true, value: new Date(iso) });
  });

  it.each(['tomorrow', '2026-12-01', '2026-12-01T09:00', '2026-02-30T09:00:00Z', '2026-12-01T25:00:00Z', '2026-13-01T09:00:00Z', '2026-12-01T09:00:00+25:00', ''])(
    'refuses %j with exit code 2 and a sentence that shows the right form',
    async (text) => {
      const { output, code } = await jobsCommand(['--at', text], { dataDir });

      expect(code).toBe(2);
      expect(output).toContain('--at needs a date, a time and a time zone, like 2026-12-01T13:05:00Z');
    },
  );

  it('refuses an option it does not know, or --at without a value, with exit code 2', async () => {
    expect(await jobsCommand(['--when', '2026-12-01T09:00:00Z'], { dataDir })).toMatchObject({ code: 2, output: expect.stringContaining('Usage: npm run jobs') });
    expect(await jobsCommand(['--at'], { dataDir })).toMatchObject({ code: 2 });
    expect(await jobsCommand(['now'], { dataDir })).toMatchObject({ code: 2 });
  });

  it('exits the command with code 2 and the sentence on stderr, before touching the store', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'local/jobs.ts'), '--at', '2026-12-01'], { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--at needs a date, a time and a time zone');
    expect(run.stdout).toBe('');
  });
});
