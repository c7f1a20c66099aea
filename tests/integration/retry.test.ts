import { describe, expect, it } from 'vitest';
import type { SubmissionKind } from '../../src/forms/kinds';
import { handleSubmission } from '../../netlify/server/handleSubmission';
import { retryPending } from '../../netlify/server/retryPending';
import type { SubmissionRecord } from '../../netlify/server/submissionStore';
import type { Failure } from '../support/fakeResend';
import { formPost, HANDLERS, VALID, type Fields } from '../support/forms';
import { listKeys } from '../support/localStore';
import { TEST_CATALOG, useHarness } from '../support/pipeline';

/** Short, so a stalled email API costs the test a fraction of a second. */
const MAIL_TIMEOUT_MS = 300;

const h = useHarness({ mailTimeoutMs: MAIL_TIMEOUT_MS });

async function submit(kind: SubmissionKind, fields: Fields) {
  const response = await handleSubmission(formPost(kind, fields), HANDLERS[kind], h.deps);
  expect(response.status).toBe(201);
  return (await h.record(kind, fields.id!))!;
}

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
