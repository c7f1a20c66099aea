/**
 * The desk as a newcomer meets it under `npm start`: the local runtime routes /coach/ to the
 * desk function, the sign-in email lands in the outbox, and `npm run coach:link` prints a
 * link that works when email does not. (Own file: the local runtime sets process.env.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { OutboxMessage } from '#local/outboxMailer.ts';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime.ts';
import { coachLink } from '#scripts/coachLink.ts';
import { ROOT } from '../support/fixtureSite';

const ORIGIN = 'http://localhost:4321';
const ENV_NAMES = ['NETLIFY_BLOBS_CONTEXT', 'RESEND_API_KEY', 'COACH_EMAIL', 'FROM_EMAIL', 'SITE_URL', 'SIGNING_SECRET'] as const;
let dataDir: string;
let runtime: LocalRuntime;
let consoleLog: MockInstance<typeof console.log>;
const savedEnv = new Map<string, string | undefined>();

beforeAll(async () => {
  for (const name of ENV_NAMES) savedEnv.set(name, process.env[name]);
  consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
  delete process.env.RESEND_API_KEY;
  delete process.env.SIGNING_SECRET;
  delete process.env.SITE_URL;
  delete process.env.COACH_EMAIL;
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-desk-local-'));
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

const browser = (pathname: string, init: RequestInit = {}) =>
  runtime.handle(new Request(new URL(pathname, ORIGIN), { ...init, headers: { 'Sec-Fetch-Site': 'same-origin', Origin: ORIGIN, ...(init.headers ?? {}) } }));

describe('the desk under npm start', () => {
  it('signs the coach in from the link in the local outbox', async () => {
    const form = await browser('/coach/');
    expect(await form!.text()).toContain('Sign in to your desk');

    await browser('/api/coach/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'email=coach%40unstuck.localhost' });
    await runtime.idle(); // the link is emailed after the answer
    const outbox = (await (await runtime.handle(new Request(new URL('/dev/outbox.json', ORIGIN))))!.json()) as OutboxMessage[];
    const email = outbox.find((m) => m.subject.includes('sign-in link'))!;
    const link = /(http:\/\/localhost:4321\/coach\/sign-in\/confirm\?\S+)/.exec(email.text)![1]!;
    const signedIn = await browser(link, { method: 'POST' });
    const cookie = signedIn!.headers.get('set-cookie')!.split(';')[0]!;

    expect(signedIn!.status).toBe(303);
    expect(await (await browser('/coach/', { headers: { Cookie: cookie } }))!.text()).toContain('<h1>Inbox</h1>');
  });

  it('signs in with the link `npm run coach:link` prints, which is recorded in the store it needs', async () => {
    const { url } = await coachLink(new Date(), dataDir);

    const signedIn = await browser(url, { method: 'POST' });

    expect(url).toMatch(/^http:\/\/localhost:4321\/coach\/sign-in\/confirm\?/);
    expect(signedIn!.status).toBe(303);
    expect(signedIn!.headers.get('set-cookie')).toMatch(/^unstuck_coach=/);
  });
});
