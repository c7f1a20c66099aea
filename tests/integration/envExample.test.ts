/**
 * docs/operations.md says: copy .env.example to .env. The shipped file, loaded as it is, must give a working
 * local site: every empty value counts as unset and gets its development default, and a form
 * posted to the local runtime is stored and its emails land in the outbox. (Own file: it
 * changes process.env.)
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime.ts';
import type { OutboxMessage } from '#local/outboxMailer.ts';
import { CATALOG } from '#server/catalog.ts';
import { mailSettings, productionProblems, resendApiKey, tuning } from '#server/env.ts';
import { ROOT } from '../support/fixtureSite';

const ORIGIN = 'http://localhost:4321';
const NAMES = ['COACH_EMAIL', 'FROM_EMAIL', 'RESEND_API_KEY', 'SITE_URL', 'URL', 'SIGNING_SECRET', 'MAIL_TIMEOUT_MS', 'SPAM_MIN_FILL_SECONDS', 'RESEND_REQUESTS_PER_SECOND', 'NETLIFY_BLOBS_CONTEXT'];
const saved = new Map(NAMES.map((name) => [name, process.env[name]]));

let runtime: LocalRuntime;
let dataDir: string;

beforeAll(async () => {
  for (const name of NAMES) delete process.env[name];
  process.loadEnvFile(path.join(ROOT, '.env.example'));
  vi.spyOn(console, 'log').mockImplementation(() => {});
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-env-example-'));
  runtime = await startLocalRuntime({ root: ROOT, dataDir, siteUrl: ORIGIN, schedule: false, loadDotEnv: false, log: () => {} });
});

afterAll(async () => {
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
  vi.restoreAllMocks();
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the shipped .env.example, copied as it is', () => {
  it('reads as a valid local environment, its empty values unset', () => {
    expect(mailSettings(process.env)).toMatchObject({ ok: true, value: { coachEmail: 'coach@example.com', siteUrl: ORIGIN } });
    expect(resendApiKey(process.env)).toEqual({ ok: true, value: undefined });
    expect(tuning(process.env).problems).toEqual([]);
  });

  it('is what a production deploy would refuse, naming the key it lacks', () => {
    expect(productionProblems(process.env).map((p) => p.variable)).toContain('RESEND_API_KEY');
  });

  it('lets a posted form be stored and emailed to the local outbox', async () => {
    const id = randomUUID();
    const body = { id, name: 'Grace Hopper', email: 'grace@example.org', inquiry: Object.keys(CATALOG.inquiries)[0]!, reflection: 'I wait for permission.' };

    const response = await runtime.handle(
      new Request(new URL('/api/reflections', ORIGIN), { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) }),
    );

    expect(response!.status).toBe(201);
    const outbox = (await (await runtime.handle(new Request(new URL('/dev/outbox.json', ORIGIN))))!.json()) as OutboxMessage[];
    expect(outbox.filter((m) => m.idempotencyKey.startsWith(`reflection/${id}/`))).toHaveLength(2);
  });
});
