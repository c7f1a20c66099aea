/**
 * The local Netlify emulation end to end: requests routed to the real function files by their
 * own config, the real production dependencies (blobs server, local outbox), the scheduled
 * function. In its own file because startLocalRuntime sets process.env and createAppDeps()
 * remembers what it built (Vitest runs each file in its own worker).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime.ts';
import { CATALOG } from '#server/catalog.ts';
import { SECURITY_HEADERS } from '#server/web/securityHeaders.ts';
import type { OutboxMessage } from '#local/outboxMailer.ts';
import type { SchedulerReport } from '#server/scheduler/runScheduler.ts';
import type { SubmissionRecord } from '#server/submissions/records.ts';
import { ROOT } from '../support/fixtureSite';

const ORIGIN = 'http://localhost:4321';
const ENV_NAMES = ['NETLIFY_BLOBS_CONTEXT', 'RESEND_API_KEY', 'COACH_EMAIL', 'FROM_EMAIL', 'SITE_URL', 'SIGNING_SECRET'] as const;

let runtime: LocalRuntime;
let dataDir: string;
/** What the functions log (they write JSON lines to the console). */
let consoleLog: MockInstance<typeof console.log>;
const savedEnv = new Map<string, string | undefined>();

beforeAll(async () => {
  for (const name of ENV_NAMES) savedEnv.set(name, process.env[name]);
  consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
  // No API key: emails go to the local outbox.
  delete process.env.RESEND_API_KEY;
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-runtime-'));
  runtime = await startLocalRuntime({ root: ROOT, dataDir, siteUrl: ORIGIN, schedule: false, log: () => {} });
});

afterAll(async () => {
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
  consoleLog.mockRestore();
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** Any inquiry the site really has: the runtime uses the generated catalog. */
const anInquiry = () => Object.keys(CATALOG.inquiries)[0]!;

const post = (pathname: string, body: Record<string, string>) =>
  runtime.handle(new Request(new URL(pathname, ORIGIN), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));

async function outbox(): Promise<OutboxMessage[]> {
  const response = await runtime.handle(new Request(new URL('/dev/outbox.json', ORIGIN)));
  expect(response!.status).toBe(200);
  return (await response!.json()) as OutboxMessage[];
}

const reflection = () => ({
  id: randomUUID(),
  name: 'Grace Hopper',
  email: `grace-${randomUUID().slice(0, 8)}@example.org`,
  inquiry: anInquiry(),
  reflection: 'I notice I wait for permission that nobody is going to give.',
});

describe('the local runtime', () => {
  it('routes a reflection to its function, which stores it and puts both emails in the outbox', async () => {
    const fields = reflection();

    const response = await post('/api/reflections', fields);

    expect(response!.status).toBe(201);
    expect(await response!.json()).toEqual({ id: fields.id });
    const mine = (await outbox()).filter((m) => m.idempotencyKey.startsWith(`reflection/${fields.id}/`));
    expect(mine).toHaveLength(2);
    const coach = mine.find((m) => m.idempotencyKey.endsWith('/coach'))!;
    const client = mine.find((m) => m.idempotencyKey.endsWith('/client'))!;
    expect(coach).toMatchObject({ from: process.env.FROM_EMAIL, to: [process.env.COACH_EMAIL], replyTo: fields.email, attachments: [] });
    expect(client).toMatchObject({ from: process.env.FROM_EMAIL, to: [fields.email], replyTo: process.env.COACH_EMAIL });
    for (const message of mine) {
      expect(message.subject).toEqual(expect.any(String));
      expect(message.html).toContain('<!doctype html>');
      expect(message.text).toContain(fields.id);
      expect(Number.isNaN(Date.parse(message.createdAt))).toBe(false);
    }
  });

  it('lists a commitment’s calendar file in the outbox by name, type and size', async () => {
    const id = randomUUID();

    const response = await post('/api/commitments', {
      id,
      name: 'Grace Hopper',
      email: 'grace@example.org',
      what: 'Draft the talk outline',
      when: `${new Date().getUTCFullYear() + 1}-06-01T10:00`,
      timeZone: 'Europe/Berlin',
      howWillIKnow: 'I will send you the outline.',
    });

    expect(response!.status).toBe(201);
    const client = (await outbox()).find((m) => m.idempotencyKey === `commitment/${id}/client`)!;
    expect(client.attachments).toEqual([{ filename: 'homework.ics', contentType: expect.stringMatching(/^text\/calendar/), size: expect.any(Number) }]);
    expect(client.attachments[0]!.size).toBeGreaterThan(0);
  });

  it('answers other methods on the form endpoints with 405 and the method they take', async () => {
    const response = await runtime.handle(new Request(new URL('/api/intake', ORIGIN)));

    expect(response!.status).toBe(405);
    expect(response!.headers.get('allow')).toBe('POST');
  });

  it('leaves pages that are not functions to the site', async () => {
    expect(await runtime.handle(new Request(new URL('/about/', ORIGIN)))).toBeNull();
    expect(await post('/api/no-such-function', {})).toBeNull();
  });

  /** The retry task's part of the one scheduled function's answer. */
  const retry = (results: Record<string, unknown>) => (results.scheduler as SchedulerReport).tasks['retry-notifications'];

  it('runs the scheduler on demand, whose retry task sends what a crashed function left pending', async () => {
    const fields = reflection();
    const submissions = getStore({ name: 'submissions', consistency: 'strong' });
    const record: SubmissionRecord = {
      id: fields.id,
      kind: 'reflection',
      createdAt: new Date().toISOString(),
      data: { name: fields.name, email: fields.email, inquiry: fields.inquiry, reflection: fields.reflection },
      notifications: { coach: { status: 'pending', attempts: 0 }, client: { status: 'pending', attempts: 0 } },
    };
    await submissions.set(`pending/reflection/${fields.id}`, '', { metadata: { createdAt: record.createdAt } });
    await submissions.setJSON(`reflection/${fields.id}`, record, { onlyIfNew: true });

    const results = await runtime.runScheduled();

    expect(results).toEqual({ scheduler: expect.objectContaining({ failed: false }) });
    expect(retry(results)).toMatchObject({ ran: true, pending: 1, attempted: 1, delivered: 1, failed: false });
    expect((await outbox()).filter((m) => m.idempotencyKey.startsWith(`reflection/${fields.id}/`))).toHaveLength(2);
    expect(retry(await runtime.runScheduled())).toMatchObject({ pending: 0, attempted: 0 });
  });

  it('logs submission ids but nothing the client wrote', async () => {
    const fields = reflection();

    await post('/api/reflections', fields);

    const logged = consoleLog.mock.calls.map((args) => args.join(' ')).join('\n');
    expect(logged).toContain(fields.id);
    for (const personal of [fields.name, fields.email, fields.reflection]) expect(logged).not.toContain(personal);
  });
});

describe('the local /dev/ pages', () => {
  const DEV_ROUTES = [
    ['GET', '/dev/outbox'],
    ['GET', '/dev/outbox.json'],
    ['POST', '/dev/faults'],
    ['GET', '/dev/anything-else'],
  ] as const;
  const devRequest = (method: string, pathname: string, headers: Record<string, string>) =>
    runtime.handle(new Request(new URL(pathname, ORIGIN), { method, headers, ...(method === 'POST' ? { body: 'blobs=none' } : {}) }));

  describe.each([
    ['a page on another site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['a page on another localhost port', { 'Sec-Fetch-Site': 'same-site', Origin: 'http://localhost:3000' }],
    ['an Origin other than the server’s own', { Origin: 'http://localhost:3000' }],
    ['a sandboxed page (Origin: null)', { Origin: 'null' }],
    ['a host name that is not this machine (DNS rebinding)', { Host: 'attacker.example:4321' }],
  ])('refuse %s', (_label, headers) => {
    it.each(DEV_ROUTES)('%s %s with 403, the security headers and a plain sentence', async (method, pathname) => {
      const response = await devRequest(method, pathname, headers);

      expect(response!.status).toBe(403);
      expect(response!.headers.get('content-type')).toMatch(/^text\/plain/);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response!.headers.get(name), name).toBe(value);
      expect(await response!.text()).toMatch(/only pages of this site/);
    });
  });

  it('answer their own pages, a typed address and plain tools like curl', async () => {
    const own: Record<string, string>[] = [{}, { 'Sec-Fetch-Site': 'same-origin', Origin: ORIGIN }, { 'Sec-Fetch-Site': 'none' }, { Host: 'localhost:4321' }];
    for (const headers of own) {
      const response = await devRequest('GET', '/dev/outbox.json', headers);
      expect(response!.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it('leave the site and the functions to their own rules', async () => {
    const fromElsewhere = { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://elsewhere.example' };
    expect(await devRequest('GET', '/developer-notes/', fromElsewhere)).toBeNull();
    expect((await devRequest('GET', '/api/intake', fromElsewhere))!.status).toBe(405);
  });
});

