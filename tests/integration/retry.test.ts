import type { Store } from '@netlify/blobs';
import { describe, expect, it } from 'vitest';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { listFailedNotifications } from '#server/submissions/notify.ts';
import { retryPending } from '#server/submissions/retryPending.ts';
import { type SubmissionRecord } from '#server/submissions/records.ts';
import { openSubmissionStore } from '#server/lifecycle/clientStores.ts';
import type { Failure } from '#local/fakeResend.ts';
import { formPost, HANDLERS, handlersOf, VALID, type Fields } from '../support/forms';
import { listKeys } from '../support/localStore';
import { makeDeps, TEST_CATALOG, useHarness, virtualSender, type Harness, type TestDeps } from '../support/pipeline';

/** Short, so a stalled email API costs the test a fraction of a second. */
const MAIL_TIMEOUT_MS = 300;

const h = useHarness({ mailTimeoutMs: MAIL_TIMEOUT_MS });

async function submit(kind: SubmissionKind, fields: Fields, harness: Harness = h, deps: TestDeps = harness.deps) {
  const response = await handleSubmission(formPost(kind, fields), handlersOf(deps)[kind], deps);
  expect(response.status).toBe(201);
  return (await harness.record(kind, fields.id!))!;
}

/** What the logger wrote, parsed. */
const logged = (harness: Harness) => harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>);

/** The latest nextAttemptAt of a record's pending notifications. */
const dueAt = (record: SubmissionRecord) =>
  [record.notifications.coach.nextAttemptAt, record.notifications.client.nextAttemptAt].filter((at): at is string => Boolean(at)).sort().at(-1)!;

const successes = () => h.resend.requests.filter((request) => request.status === 200);

describe.each<{ failure: Failure; how: string }>([
  { failure: 'server_error', how: 'fails with a server error' },
  { failure: 'rate_limit', how: 'is rate limited' },
  { failure: 'stall', how: 'never answers' },
])('when Resend $how', ({ failure }) => {
  it('still accepts the submission and keeps both notifications pending with a reason and a time to retry', async () => {
    h.resend.failNext(2, failure);
    const fields = VALID.intake();

    const record = await submit('intake', fields);

    expect(h.resend.sent).toEqual([]);
    for (const recipient of ['coach', 'client'] as const) {
      const state = record.notifications[recipient];
      expect(state).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.any(String) });
      expect(Date.parse(state.nextAttemptAt!)).toBeGreaterThan(h.clock.now().getTime());
    }
    expect(await listKeys(h.blobs)).toContain(`pending/intake/${fields.id}`);
  });

  it('sends both emails exactly once when the retry job runs after the wait, and then nothing more', async () => {
    h.resend.failNext(2, failure);
    const fields = VALID.intake();
    const record = await submit('intake', fields);

    h.clock.set(dueAt(record));
    const first = await retryPending(h.deps);
    const second = await retryPending(h.deps);

    expect(first).toMatchObject({ attempted: 1, delivered: 1, failed: false });
    expect(second).toMatchObject({ pending: 0, attempted: 0 });
    const { coach, client } = h.emailsFor('intake', fields.id!);
    expect([coach.length, client.length]).toEqual([1, 1]);
    expect(successes()).toHaveLength(2);
    const after = (await h.record('intake', fields.id!))!;
    expect(after.notifications.coach).toMatchObject({ status: 'sent', attempts: 2, providerId: coach[0]!.id });
    expect(after.notifications.client).toMatchObject({ status: 'sent', attempts: 2, providerId: client[0]!.id });
    expect(await listKeys(h.blobs)).not.toContain(`pending/intake/${fields.id}`);
  });
});

describe('a failed notification', () => {
  it('names the error Resend gave in the record', async () => {
    h.resend.failNext(1, 'rate_limit');
    h.resend.failNext(1, 'server_error');
    const fields = VALID.reflection();

    const record = await submit('reflection', fields);

    expect(record.notifications.coach.lastError).toBe('rate_limit_exceeded');
    expect(record.notifications.client.lastError).toBe('application_error');
  });

  it('answers within the mail timeout when Resend never answers', async () => {
    h.resend.failNext(2, 'stall');
    const started = performance.now();

    await submit('reflection', VALID.reflection());

    // Two sends, each given up after the timeout; far below a serverless function's limit.
    expect(performance.now() - started).toBeLessThan(MAIL_TIMEOUT_MS * 2 + 2000);
  });

  it('records a Resend that never answers as a timeout, not as a server error', async () => {
    h.resend.failNext(1, 'stall');

    const record = await submit('reflection', VALID.reflection());

    expect(record.notifications.coach.lastError).toBe('timeout');
  });

  it('resends only the email that failed', async () => {
    h.resend.failNext(1, 'rate_limit');
    const fields = VALID.response();
    const record = await submit('response', fields);
    expect(record.notifications.coach.status).toBe('pending');
    expect(record.notifications.client.status).toBe('sent');

    h.clock.set(dueAt(record));
    await retryPending(h.deps);

    const { coach, client } = h.emailsFor('response', fields.id!);
    expect([coach.length, client.length]).toEqual([1, 1]);
    expect(h.resend.requests.filter((r) => r.idempotencyKey === `response/${fields.id}/client`)).toHaveLength(1);
  });

  it('is not retried before its time comes', async () => {
    h.resend.failNext(2, 'server_error');
    const fields = VALID.reflection();
    const record = await submit('reflection', fields);
    const requestsSoFar = h.resend.requests.length;

    h.clock.set(record.notifications.coach.nextAttemptAt!, -1000);
    const summary = await retryPending(h.deps);

    expect(summary).toMatchObject({ pending: 1, attempted: 0, notDue: 1 });
    expect(h.resend.requests).toHaveLength(requestsSoFar);
    expect(await listKeys(h.blobs)).toContain(`pending/reflection/${fields.id}`);
  });

  it('waits longer after each failed try', async () => {
    h.resend.failNext(4, 'server_error');
    const fields = VALID.reflection();
    const first = await submit('reflection', fields);
    const firstWait = Date.parse(first.notifications.coach.nextAttemptAt!) - h.clock.now().getTime();

    h.clock.set(dueAt(first));
    await retryPending(h.deps);
    const second = (await h.record('reflection', fields.id!))!;
    const secondWait = Date.parse(second.notifications.coach.nextAttemptAt!) - h.clock.now().getTime();

    expect(second.notifications.coach.attempts).toBe(2);
    expect(firstWait).toBeGreaterThan(0);
    expect(secondWait).toBeGreaterThan(firstWait);
    expect(h.resend.sent).toEqual([]);
  });
});

describe('an email Resend sent but whose answer was lost', () => {
  it('is recognised as sent on retry and not sent again', async () => {
    h.resend.failNext(1, 'lose_answer');
    const fields = VALID.reflection();
    const record = await submit('reflection', fields);
    expect(record.notifications.coach.status).toBe('pending');

    h.clock.set(dueAt(record));
    await retryPending(h.deps);

    const after = (await h.record('reflection', fields.id!))!;
    expect(after.notifications.coach.status).toBe('sent');
    expect(h.emailsFor('reflection', fields.id!).coach).toHaveLength(1);
    expect(after.notifications.coach.providerId).toBe(h.emailsFor('reflection', fields.id!).coach[0]!.id);
  });

  it('is recognised as sent on retry for a commitment with its calendar file too', async () => {
    const fields = VALID.commitment();
    h.resend.failNext(1, 'lose_answer', { idempotencyKey: `commitment/${fields.id}/client` });
    const record = await submit('commitment', fields);
    expect(record.notifications.client.status).toBe('pending');

    h.clock.set(dueAt(record));
    await retryPending(h.deps);

    const after = (await h.record('commitment', fields.id!))!;
    expect(after.notifications.client).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('a submission stored just before the function crashed', () => {
  it('has both emails sent, once, by the retry job', async () => {
    const fields = VALID.reflection();
    const validation = HANDLERS.reflection.validate(fields, { catalog: TEST_CATALOG, now: h.deps.clock });
    if (!validation.ok) throw new Error('the sample reflection should be valid');
    const record: SubmissionRecord & { contentHash: string } = {
      id: fields.id!,
      contentHash: 'sample-content-hash',
      kind: 'reflection',
      createdAt: h.clock.now().toISOString(),
      data: validation.data,
      notifications: { coach: { status: 'pending', attempts: 0 }, client: { status: 'pending', attempts: 0 } },
    };
    const created = await h.deps.store.create(record, fields.email!, []);
    expect(created).toEqual({ ok: true, value: 'created' });

    const first = await retryPending(h.deps);
    const second = await retryPending(h.deps);

    expect(first).toMatchObject({ pending: 1, attempted: 1, delivered: 1 });
    expect(second).toMatchObject({ pending: 0, attempted: 0 });
    const { coach, client } = h.emailsFor('reflection', fields.id!);
    expect([coach.length, client.length]).toEqual([1, 1]);
    expect(h.resend.requests).toHaveLength(2);
    expect(await listKeys(h.blobs)).not.toContain(`pending/reflection/${fields.id}`);
  });

  it('drops a pending marker whose record was never written, but only after a grace period', async () => {
    const id = crypto.randomUUID();
    await h.blobs.set(`pending/reflection/${id}`, '', { metadata: { createdAt: h.clock.now().toISOString() } });

    const early = await retryPending(h.deps);
    h.clock.set(h.clock.now().toISOString(), 60 * 60_000);
    const late = await retryPending(h.deps);

    expect(early).toMatchObject({ pending: 1, orphansRemoved: 0 });
    expect(late).toMatchObject({ pending: 1, orphansRemoved: 1 });
    expect(await listKeys(h.blobs)).toEqual([]);
    expect(h.resend.requests).toEqual([]);
  });
});

describe('an email whose key Resend already used with another payload', () => {
  it('is taken as sent, not retried for ever', async () => {
    const fields = VALID.reflection();
    for (const recipient of ['coach', 'client']) h.resend.remember(`reflection/${fields.id}/${recipient}`, '{"an":"earlier render"}');

    const record = await submit('reflection', fields);
    const summary = await retryPending(h.deps);

    expect(record.notifications.coach).toMatchObject({ status: 'sent', attempts: 1 });
    expect(record.notifications.client).toMatchObject({ status: 'sent', attempts: 1 });
    expect(summary).toMatchObject({ pending: 0, attempted: 0 });
    expect(h.resend.sent).toEqual([]);
    expect(logged(h)).toContainEqual(expect.objectContaining({ event: 'notification.already_sent', id: fields.id, error: 'invalid_idempotent_request' }));
  });
});

describe('an email Resend rate-limits with a long retry-after', () => {
  const limited = useHarness({ resend: { retryAfterSeconds: 900 } });

  it('waits as long as Resend asks when that is longer than the backoff', async () => {
    limited.resend.failNext(1, 'rate_limit');

    const record = await submit('reflection', VALID.reflection(), limited);

    expect(record.notifications.coach.lastError).toBe('rate_limit_exceeded');
    expect(Date.parse(record.notifications.coach.nextAttemptAt!) - limited.clock.now().getTime()).toBe(15 * 60_000);
  });
});

describe('a retry', () => {
  it('sends exactly what the first attempt rendered, even when the settings changed since', async () => {
    const fields = VALID.reflection();
    h.resend.failNext(1, 'server_error', { idempotencyKey: `reflection/${fields.id}/coach` });
    const record = await submit('reflection', fields);
    expect(record.notifications.coach.status).toBe('pending');

    h.clock.set(dueAt(record));
    const moved = { ...h.deps, email: { ...h.deps.email, coachEmail: 'new-coach@example.com', siteUrl: 'https://moved.example.com' } };
    await retryPending(moved);

    const attempts = h.resend.requests.filter((r) => r.idempotencyKey === `reflection/${fields.id}/coach`);
    expect(attempts.map((r) => r.status)).toEqual([500, 200]);
    expect(attempts[1]!.payload).toBe(attempts[0]!.payload);
    expect(h.emailsFor('reflection', fields.id!).coach[0]!.body.to).toEqual(['coach@example.com']);
  });

  it('keeps no copy of an email once it is sent', async () => {
    const fields = VALID.reflection();
    h.resend.failNext(1, 'server_error');
    const record = await submit('reflection', fields);
    expect(await listKeys(h.blobs)).toContain(`rendered/reflection/${fields.id}/coach`);

    h.clock.set(dueAt(record));
    await retryPending(h.deps);

    expect((await listKeys(h.blobs)).filter((key) => key.startsWith('rendered/'))).toEqual([]);
  });
});

describe.each([
  { why: 'an API key Resend does not know', options: { apiKey: 're_revoked', resend: { apiKeys: ['re_test'] } }, status: 401 },
  { why: 'a sender on a domain Resend has not verified', options: { resend: { verifiedDomains: ['unstuck.example.com'] } }, status: 403 },
])('an email refused for $why', ({ options, status }) => {
  const refused = useHarness(options);

  it('fails for good: it is not retried, leaves no pending marker and is named in the log', async () => {
    const fields = VALID.reflection();

    const record = await submit('reflection', fields, refused);
    refused.clock.set(refused.clock.now().toISOString(), 24 * 60 * 60_000);
    const summary = await retryPending(refused.deps);

    for (const recipient of ['coach', 'client'] as const) {
      expect(record.notifications[recipient]).toMatchObject({ status: 'failed', attempts: 1, lastError: 'validation_error' });
    }
    expect(summary).toMatchObject({ pending: 0, attempted: 0 });
    expect(refused.resend.requests).toHaveLength(2);
    expect(await listKeys(refused.blobs)).not.toContain(`pending/reflection/${fields.id}`);
    expect(logged(refused)).toContainEqual(expect.objectContaining({ level: 'error', event: 'notification.failed', id: fields.id, error: 'validation_error', status, permanent: true }));
  });

  it('is listed for the coach, with the error Resend named', async () => {
    const fields = VALID.reflection();

    await submit('reflection', fields, refused);

    expect(await listFailedNotifications(refused.deps)).toEqual({
      ok: true,
      value: [
        { kind: 'reflection', id: fields.id, recipient: 'coach', error: 'validation_error', attempts: 1 },
        { kind: 'reflection', id: fields.id, recipient: 'client', error: 'validation_error', attempts: 1 },
      ],
    });
  });
});

describe('an email the paced sender has no room for', () => {
  it('is left pending, untried, for the retry job, which sends it', async () => {
    const busy = virtualSender();
    busy.pauseFor(60_000);
    const { deps } = makeDeps({ blobs: h.blobs, resendUrl: h.resend.url, clock: h.clock, sender: busy });
    const fields = VALID.reflection();

    const record = await submit('reflection', fields, h, deps);
    expect(h.resend.requests).toEqual([]);
    expect(record.notifications.coach).toEqual({ status: 'pending', attempts: 0 });
    const summary = await retryPending(h.deps);

    expect(summary).toMatchObject({ pending: 1, delivered: 1 });
    expect(h.emailsFor('reflection', fields.id!).coach).toHaveLength(1);
    expect(h.emailsFor('reflection', fields.id!).client).toHaveLength(1);
  });

  it('leaves the rest of a retry run for the next one', async () => {
    const first = VALID.reflection();
    const second = VALID.reflection();
    h.resend.failNext(4, 'server_error');
    await submit('reflection', first);
    const record = await submit('reflection', second);
    const busy = virtualSender();
    busy.pauseFor(60_000);

    h.clock.set(dueAt(record));
    const summary = await retryPending(makeDeps({ blobs: h.blobs, resendUrl: h.resend.url, clock: h.clock, sender: busy }).deps);

    expect(summary).toMatchObject({ pending: 2, attempted: 0, deferred: 2 });
    expect(h.resend.requests).toHaveLength(4);
  });
});

describe('a retry run', () => {
  it('stops sending when its time is up and leaves the rest for the next run', async () => {
    const fields = [VALID.reflection(), VALID.reflection(), VALID.reflection()];
    h.resend.failNext(6, 'server_error');
    let record: SubmissionRecord | undefined;
    for (const each of fields) record = await submit('reflection', each);
    h.clock.set(dueAt(record!));
    // Each look at the clock finds it 8 seconds later, as if every delivery took that long.
    let ticks = 0;
    const slow = { ...h.deps, clock: () => new Date(h.clock.now().getTime() + 8_000 * ticks++) };

    const summary = await retryPending(slow);

    expect(summary.attempted).toBeGreaterThan(0);
    expect(summary.deferred).toBeGreaterThan(0);
    expect(summary.attempted + summary.deferred).toBe(3);
    expect(await retryPending(h.deps)).toMatchObject({ pending: summary.deferred, delivered: summary.deferred });
  });
});

describe('a setting the emails need but that is missing', () => {
  it('keeps the submission and its emails, names the setting, and the retry job sends once it is set', async () => {
    const unset = { ...h.deps, email: { catalog: TEST_CATALOG, siteUrl: h.deps.email.siteUrl, ready: false as const, problems: [{ variable: 'COACH_EMAIL', message: 'COACH_EMAIL is not set' }] } };
    const fields = VALID.reflection();

    const record = await submit('reflection', fields, h, unset);
    await retryPending(unset);

    expect(record.notifications.coach).toEqual({ status: 'pending', attempts: 0, lastError: 'missing_setting' });
    expect(h.resend.requests).toEqual([]);
    expect(logged(h)).toContainEqual(expect.objectContaining({ level: 'error', event: 'notification.missing_setting', variable: 'COACH_EMAIL', id: fields.id }));

    const summary = await retryPending(h.deps);
    expect(summary).toMatchObject({ delivered: 1 });
    expect(h.emailsFor('reflection', fields.id!).coach).toHaveLength(1);
  });
});

describe('a pending marker the store cannot read', () => {
  it('is kept, and the run reports the failure, rather than being taken for an old one', async () => {
    const id = crypto.randomUUID();
    await h.blobs.set(`pending/reflection/${id}`, '', { metadata: { createdAt: h.clock.now().toISOString() } });
    const failing = new Proxy(h.blobs, {
      get(target, key) {
        if (key === 'getMetadata') return async () => Promise.reject(new Error('unavailable'));
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Store;

    const summary = await retryPending({ ...h.deps, store: openSubmissionStore(failing) });

    expect(summary).toMatchObject({ pending: 1, orphansRemoved: 0, failed: true });
    expect(await listKeys(h.blobs)).toEqual([`pending/reflection/${id}`]);
  });
});
