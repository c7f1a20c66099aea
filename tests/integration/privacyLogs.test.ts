/**
 * A full run captured: every form, an invalid post, a spam post, Resend failing and the retry
 * job, through the real function files with the production dependencies. Whatever the code or
 * its libraries write to the console, no personal data and no secret may appear in it.
 * (Own file: startLocalRuntime sets process.env and createAppDeps() remembers it.)
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime.ts';
import { CATALOG } from '#server/catalog.ts';
import { startFakeResend, type FakeResend } from '#local/fakeResend.ts';
import { ROOT } from '../support/fixtureSite';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';

const ORIGIN = 'http://localhost:4321';
/** The runtime checks deadlines against the real clock, so the homework is due next year, whatever year this runs. */
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const SECRETS = { RESEND_API_KEY: 're_logtest_5e6f7a8b9c', SIGNING_SECRET: 'log-test-signing-secret-0123456789abcdef' };
const PERSON = {
  name: 'Zelda Quartermaine',
  email: 'zelda.quartermaine@example.net',
  phone: '+44 20 7946 0958',
  words: 'my manager Bartholomew undermines me',
};

let runtime: LocalRuntime;
let resend: FakeResend;
let dataDir: string;
const captured: string[] = [];

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void captured.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')));
  }
  const write = (chunk: unknown) => (captured.push(String(chunk)), true);
  vi.spyOn(process.stdout, 'write').mockImplementation(write as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(write as typeof process.stderr.write);

  resend = await startFakeResend();
  Object.assign(process.env, SECRETS, { RESEND_BASE_URL: resend.url, COACH_EMAIL: 'coach@example.com', FROM_EMAIL: 'Unstuck <hello@example.com>' });
  dataDir = await mkdtemp(path.join(tmpdir(), 'unstuck-logs-'));
  runtime = await startLocalRuntime({ root: ROOT, dataDir, siteUrl: ORIGIN, schedule: false, loadDotEnv: false, log: (line) => captured.push(line) });
});

afterAll(async () => {
  await runtime.close();
  await resend.close();
  await rm(dataDir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const post = (pathname: string, body: Record<string, string>) =>
  runtime.handle(new Request(new URL(pathname, ORIGIN), { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) }));

describe('the logs of a full run', () => {
  it('carry ids and error names, and nothing a client wrote or any secret', async () => {
    const exercise = Object.entries(CATALOG.exercises)[0]!;
    const inquiry = Object.keys(CATALOG.inquiries)[0]!;
    const who = { name: PERSON.name, email: PERSON.email };
    const posts: [string, Record<string, string>][] = [
      ['/api/intake', {
        id: randomUUID(), ...who, phone: PERSON.phone, timeZone: 'Europe/London', currentSituation: PERSON.words, whyNow: PERSON.words,
        goals: PERSON.words, success3Months: PERSON.words, success12Months: PERSON.words, strengths: PERSON.words, values: PERSON.words,
        obstacles: PERSON.words, accountability: 'text', consent: 'on',
      }],
      ['/api/commitments', { id: randomUUID(), ...who, what: PERSON.words, when: `${NEXT_YEAR}-01-01T09:00`, timeZone: 'Europe/London', howWillIKnow: PERSON.words }],
      ['/api/responses', { id: randomUUID(), ...who, exercise: exercise[0], ...Object.fromEntries(exercise[1].prompts.map((p) => [`answers.${p.id}`, PERSON.words])) }],
      ['/api/reflections', { id: randomUUID(), ...who, inquiry, reflection: PERSON.words }],
    ];

    resend.failNext(3, 'server_error');
    for (const [pathname, body] of posts) expect((await post(pathname, body))!.status).toBe(201);
    expect((await post('/api/reflections', { ...who, inquiry, reflection: '' }))!.status).toBe(422);
    expect((await post('/api/reflections', { ...who, inquiry, reflection: PERSON.words, [HONEYPOT_FIELD]: 'spam' }))!.status).toBe(201);
    expect((await post('/api/reflections', { ...who, inquiry: 'nope', reflection: PERSON.words }))!.status).toBe(422);
    await runtime.runScheduled();

    const logs = captured.join('\n');
    expect(logs).toContain('notification.failed');
    expect(logs).toContain('submission.spam');
    for (const [, body] of posts) expect(logs).toContain(body.id);
    for (const secret of [...Object.values(PERSON), ...Object.values(SECRETS), 'Zelda', 'quartermaine', 'Bartholomew']) {
      expect(logs.toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });
});
