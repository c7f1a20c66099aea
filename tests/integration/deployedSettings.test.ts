/**
 * The function files as Netlify runs them, with the production dependencies built from the
 * environment, when a setting is missing: the answers are stored first, always, the emails wait
 * with the reason named, and nothing falls back to the local outbox. (Own file: it changes
 * process.env, and Vitest runs each file in its own worker.)
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore } from '@netlify/blobs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import reflections from '#functions/reflections.mts';
import scheduler from '#functions/scheduler.mts';
import { startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import { CATALOG } from '#server/catalog.ts';
import type { SubmissionRecord } from '#server/submissions/records.ts';
import { startFakeResend, type FakeResend } from '#local/fakeResend.ts';
import { listKeys } from '../support/localStore';

const SETTINGS = {
  COACH_EMAIL: 'coach@example.com',
  FROM_EMAIL: 'Unstuck <hello@example.com>',
  SITE_URL: 'https://unstuck.example.com',
  SIGNING_SECRET: 'a-signing-secret-of-at-least-32-characters',
  RESEND_API_KEY: 're_deployed',
};
const NAMES = [...Object.keys(SETTINGS), 'NETLIFY_BLOBS_CONTEXT', 'RESEND_BASE_URL', 'URL'];
const saved = new Map(NAMES.map((name) => [name, process.env[name]]));

let dir: string;
let blobs: LocalBlobs;
let resend: FakeResend;
let consoleLog: MockInstance<typeof console.log>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'unstuck-deployed-'));
  blobs = await startLocalBlobs(dir);
});
afterAll(async () => {
  await blobs.stop();
  await rm(dir, { recursive: true, force: true });
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
beforeEach(async () => {
  resend = await startFakeResend();
  for (const name of NAMES) delete process.env[name];
  Object.assign(process.env, SETTINGS, { NETLIFY_BLOBS_CONTEXT: blobs.context, RESEND_BASE_URL: resend.url });
  consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(async () => {
  consoleLog.mockRestore();
  await resend.close();
});

/** What the functions logged, parsed. */
const logged = () => consoleLog.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);

const submissions = () => getStore({ name: 'submissions', consistency: 'strong' });

async function postReflection() {
  const id = randomUUID();
  const body = { id, name: 'Grace Hopper', email: 'grace@example.org', inquiry: Object.keys(CATALOG.inquiries)[0]!, reflection: 'I wait for permission.' };
  const request = new Request('https://unstuck.example.com/api/reflections', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const response = await reflections(request, {} as never);
  return { id, response };
}

const recordOf = async (id: string) => (await submissions().get(`reflection/${id}`, { type: 'json' })) as SubmissionRecord | null;
const runRetryJob = async () => (await scheduler()).json();

describe('a deployed function without COACH_EMAIL', () => {
  it('stores the answers first, keeps both emails pending and names the variable', async () => {
    delete process.env.COACH_EMAIL;

    const { id, response } = await postReflection();

    expect(response.status).toBe(201);
    const record = await recordOf(id);
    expect(record?.notifications.coach).toMatchObject({ status: 'pending', lastError: 'missing_setting' });
    expect(record?.notifications.client).toMatchObject({ status: 'pending', lastError: 'missing_setting' });
    expect(resend.requests).toEqual([]);
    expect(logged()).toContainEqual(expect.objectContaining({ level: 'error', event: 'notification.missing_setting', variable: 'COACH_EMAIL', id }));
  });

  it('has the retry job send both emails once COACH_EMAIL is set', async () => {
    delete process.env.COACH_EMAIL;
    const { id } = await postReflection();

    process.env.COACH_EMAIL = SETTINGS.COACH_EMAIL;
    await runRetryJob();

    expect(resend.sent.map((email) => email.idempotencyKey).filter((key) => key?.includes(id)).sort()).toEqual([`reflection/${id}/client`, `reflection/${id}/coach`]);
    expect(await listKeys(submissions())).not.toContain(`pending/reflection/${id}`);
  });
});

describe.each([
  { how: 'unset', value: undefined },
  { how: 'empty', value: '' },
])('a deployed function with RESEND_API_KEY $how', ({ value }) => {
  it('keeps both emails pending, logs one clear error naming the key, and writes no outbox', async () => {
    if (value === undefined) delete process.env.RESEND_API_KEY;
    else process.env.RESEND_API_KEY = value;

    const { id, response } = await postReflection();

    expect(response.status).toBe(201);
    const record = await recordOf(id);
    expect(record?.notifications.coach).toMatchObject({ status: 'pending', lastError: 'missing_api_key' });
    expect(record?.notifications.client).toMatchObject({ status: 'pending', lastError: 'missing_api_key' });
    expect(logged().filter((line) => line.event === 'mail.not_configured')).toEqual([
      expect.objectContaining({ level: 'error', variable: 'RESEND_API_KEY' }),
    ]);
    expect(await listKeys(getStore({ name: 'outbox', consistency: 'strong' }))).toEqual([]);
  });

  it('delivers what waited once the key is set', async () => {
    if (value === undefined) delete process.env.RESEND_API_KEY;
    else process.env.RESEND_API_KEY = value;
    const { id } = await postReflection();

    process.env.RESEND_API_KEY = SETTINGS.RESEND_API_KEY;
    await runRetryJob();

    expect((await recordOf(id))?.notifications.coach.status).toBe('sent');
    expect(resend.sent.filter((email) => email.idempotencyKey?.startsWith(`reflection/${id}/`))).toHaveLength(2);
  });
});
