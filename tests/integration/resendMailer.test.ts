/**
 * The real Resend SDK against the fake Resend: every way Resend answers, sorted into what the
 * pipeline does next, and the paced sender keeping a burst of sends under Resend's rate limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createResendMailer, withSafeHeaders, type EmailMessage, type Mailer } from '#server/mail/mailer.ts';
import { createPacedSender, pacedMailer } from '#server/mail/pacedSender.ts';
import { startFakeResend, type FakeResend, type FakeResendOptions } from '#local/fakeResend.ts';
import { createFakeTime, flush } from '../support/fakeTime';

const MESSAGE: EmailMessage = {
  from: 'Unstuck <hello@example.com>',
  to: ['client@example.org'],
  subject: 'Thank you',
  html: '<p>Thank you</p>',
  text: 'Thank you',
};

let resend: FakeResend | undefined;
afterEach(() => resend?.close());

/** The real mailer, pointed at a fresh fake Resend (the SDK reads RESEND_BASE_URL when made). */
async function mailerFor(options: FakeResendOptions = {}, apiKey = 're_test', timeoutMs = 2000) {
  resend = await startFakeResend(options);
  process.env.RESEND_BASE_URL = resend.url;
  const mailer = createResendMailer(apiKey, timeoutMs);
  delete process.env.RESEND_BASE_URL;
  return { mailer, resend };
}

const send = (mailer: Mailer, message: EmailMessage = MESSAGE, key = 'reflection/1/client') => mailer.send(message, { idempotencyKey: key });

describe('the Resend mailer', () => {
  it('sends, and a repeat with the same key and payload is the same email, not a second one', async () => {
    const { mailer, resend } = await mailerFor();

    const first = await send(mailer);
    const again = await send(mailer);

    expect(first).toEqual({ ok: true, value: { id: resend.sent[0]!.id } });
    expect(again).toEqual(first);
    expect(resend.sent).toHaveLength(1);
  });

  it('passes extra headers to Resend, each value on one line, and refuses a header name that could start another', async () => {
    const { mailer, resend } = await mailerFor();
    const headers = { 'List-Unsubscribe': '<https://unstuck.example.com/stop?x=1>\r\nBcc: someone@example.org', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };

    await send(mailer, { ...MESSAGE, headers });

    expect(resend.sent[0]!.body.headers).toEqual({ 'List-Unsubscribe': '<https://unstuck.example.com/stop?x=1> Bcc: someone@example.org', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(() => withSafeHeaders({ ...MESSAGE, headers: { 'Bcc: x@example.org\r\nX-Y': 'z' } })).toThrow(/header name/);
  });

  it('takes a key used before with another payload as already sent', async () => {
    const { mailer, resend } = await mailerFor();
    resend.remember('reflection/1/client', '{"an":"earlier render"}');

    expect(await send(mailer)).toEqual({ ok: false, error: { kind: 'already_sent', name: 'invalid_idempotent_request', status: 409 } });
    expect(resend.sent).toEqual([]);
  });

  it('takes a rate limit as passing, with the wait Resend asked for', async () => {
    const { mailer, resend } = await mailerFor({ retryAfterSeconds: 7 });
    resend.failNext(1, 'rate_limit');

    expect(await send(mailer)).toEqual({ ok: false, error: { kind: 'transient', name: 'rate_limit_exceeded', status: 429, retryAfterMs: 7000 } });
  });

  it('takes Resend’s own failure, a stall and a closed port as passing', async () => {
    const { mailer, resend } = await mailerFor({}, 're_test', 300);
    resend.failNext(1, 'server_error');
    resend.failNext(1, 'stall');

    expect(await send(mailer)).toMatchObject({ ok: false, error: { kind: 'transient', name: 'application_error', status: 500 } });
    expect(await send(mailer)).toEqual({ ok: false, error: { kind: 'transient', name: 'timeout' } });
    await resend.close();
    expect(await send(mailer)).toMatchObject({ ok: false, error: { kind: 'transient' } });
  });

  it.each<{ why: string; options: FakeResendOptions; apiKey?: string; message?: Partial<EmailMessage>; name: string; status: number }>([
    { why: 'an API key Resend does not know', options: { apiKeys: ['re_real'] }, apiKey: 're_revoked', name: 'validation_error', status: 401 },
    { why: 'a sender on a domain not verified', options: { verifiedDomains: ['unstuck.example.com'] }, name: 'validation_error', status: 403 },
    { why: 'a malformed sender', options: {}, message: { from: 'Unstuck hello at example.com' }, name: 'validation_error', status: 422 },
    { why: 'no subject', options: {}, message: { subject: '' }, name: 'missing_required_field', status: 422 },
  ])('takes $why as failed for good', async ({ options, apiKey, message, name, status }) => {
    const { mailer, resend } = await mailerFor(options, apiKey);

    expect(await send(mailer, { ...MESSAGE, ...message })).toEqual({ ok: false, error: { kind: 'permanent', name, status } });
    expect(resend.sent).toEqual([]);
  });
});

describe('a burst of sends through the paced sender', () => {
  /**
   * The real mailer behind the real paced sender, both on fake time with the fake Resend: each
   * sleeper wakes only once every request already on its way has had its answer.
   */
  async function pacedBurst(count: number, options: FakeResendOptions = {}, prepare: (resend: FakeResend) => void = () => {}) {
    const time = createFakeTime();
    const { mailer, resend } = await mailerFor({ requestsPerSecond: 2, now: time.now, ...options });
    prepare(resend);
    let inFlight = 0;
    const counted: Mailer = {
      send: async (message, sendOptions) => {
        inFlight += 1;
        try {
          return await mailer.send(message, sendOptions);
        } finally {
          inFlight -= 1;
        }
      },
    };
    const sender = createPacedSender({ perSecond: 2, maxWaitMs: 60_000, now: time.now, sleep: time.sleep });
    const paced = pacedMailer(counted, sender);
    const results = Promise.all(Array.from({ length: count }, (_, i) => paced.send(MESSAGE, { idempotencyKey: `burst/${i}` })));
    await time.runAll(async () => {
      while (inFlight > 0) await flush();
    });
    return { results: await results, resend };
  }

  /** The most requests that arrived within any one second. */
  const busiestSecond = (arrivals: number[]) => Math.max(0, ...arrivals.map((t) => arrivals.filter((u) => u > t - 1000 && u <= t).length));

  it('never goes over Resend’s two a second, and so is never refused', async () => {
    const { results, resend } = await pacedBurst(9);

    expect(results.every((result) => result.ok)).toBe(true);
    expect(resend.requests.map((r) => r.status)).toEqual(Array(9).fill(200));
    expect(busiestSecond(resend.requests.map((r) => r.arrivedAt))).toBe(2);
  });

  it('is refused by the fake when not paced, so the check above means something', async () => {
    const { mailer, resend } = await mailerFor({ requestsPerSecond: 2, now: () => 0 });

    await Promise.all(Array.from({ length: 5 }, (_, i) => send(mailer, MESSAGE, `unpaced/${i}`)));

    expect(resend.requests.filter((r) => r.status === 429)).toHaveLength(3);
  });

  it('holds every send back after a 429 for as long as retry-after says', async () => {
    const { results, resend } = await pacedBurst(4, { retryAfterSeconds: 3 }, (fake) => fake.failNext(1, 'rate_limit'));

    expect(results.map((result) => result.ok)).toEqual([false, true, true, true]);
    expect(resend.requests.map((r) => [r.arrivedAt, r.status])).toEqual([[0, 429], [3000, 200], [3500, 200], [4000, 200]]);
  });
});
