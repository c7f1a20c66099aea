/**
 * Sending email through Resend (in tests, a fake Resend reached through RESEND_BASE_URL), and
 * sorting every failure by what to do next. Without an API key, a mailer that sends nothing and
 * says so: production never falls back to anything else. (Locally, the runtime hands in its
 * outbox instead: local/outboxMailer.ts.)
 */
import { Resend } from 'resend';
import type { Logger } from '../log.ts';
import { errorName, fail, ok, type Result } from '../result.ts';

export interface Attachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface EmailMessage {
  from: string;
  to: string[];
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  attachments?: Attachment[];
  /**
   * Extra headers, e.g. `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058) on the homework
   * loop's reminders and check-ins. Values are made single-line like the subject.
   */
  headers?: Record<string, string>;
}

/**
 * Why an email did not go out, by what happens next:
 * - `transient`: try again later (rate limits, Resend's own errors, timeouts, the network);
 * - `permanent`: it would fail the same way every time (a bad key, an unverified domain, a
 *   payload Resend refuses): stop, keep it listed, tell the coach;
 * - `already_sent`: the idempotency key was used before with another payload, so an email went
 *   out under it in the last 24 hours;
 * - `unconfigured`: a setting is missing, nothing was tried; setting it lets the retry job send;
 * - `deferred`: the paced sender had no slot soon enough, nothing was tried.
 */
export type SendErrorKind = 'transient' | 'permanent' | 'already_sent' | 'unconfigured' | 'deferred';

export interface SendError {
  kind: SendErrorKind;
  /** A stable name for logs and the record, e.g. "rate_limit_exceeded" or "timeout". */
  name: string;
  /** The HTTP status Resend answered with, when it answered. */
  status?: number;
  /** How long Resend asked us to wait (its retry-after header), in milliseconds. */
  retryAfterMs?: number;
}

export interface Mailer {
  /** Sends once per idempotency key: a repeat with the same key and payload never sends a second email. */
  send(message: EmailMessage, options: { idempotencyKey: string }): Promise<Result<{ id: string }, SendError>>;
}

/** Subjects and addresses are single-line; a newline there could smuggle in a header. */
const oneLine = (value: string) => value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

/** A header name as RFC 5322 allows it (printable, no colon or space): anything else is a mistake in our code. */
const HEADER_NAME = /^[!-9;-~]+$/;

/** The message without its attachments, every header on one line: what every mailer hands on. */
export function withSafeHeaders(message: EmailMessage): Omit<EmailMessage, 'attachments'> {
  const headers = Object.entries(message.headers ?? {});
  if (headers.some(([name]) => !HEADER_NAME.test(name))) throw new Error('An email header name must be printable, without a colon or space');
  return {
    from: oneLine(message.from),
    to: message.to.map(oneLine),
    ...(message.replyTo ? { replyTo: oneLine(message.replyTo) } : {}),
    subject: oneLine(message.subject),
    html: message.html,
    text: message.text,
    ...(headers.length > 0 ? { headers: Object.fromEntries(headers.map(([name, value]) => [name, oneLine(value)])) } : {}),
  };
}

/** Resend's retry-after: whole seconds (https://resend.com/docs/api-reference/rate-limit). */
function retryAfterMs(header: string | undefined): number | undefined {
  if (!header || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}

/**
 * What a Resend error means for us, from its status and name
 * (https://resend.com/docs/api-reference/errors). `status` is null when no answer came back.
 */
export function classifyResendError(status: number | null, name: string, retryAfter?: string): SendError {
  const wait = retryAfterMs(retryAfter);
  const named = { name, ...(status !== null ? { status } : {}), ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  // The key went out with another payload; Resend will never send this one, and needs not to.
  if (status === 409 && name === 'invalid_idempotent_request') return { kind: 'already_sent', ...named };
  // Rate and quota limits, a same-key request still running (409 concurrent_idempotent_requests),
  // Resend's own failures, and no answer at all: later may work.
  if (status === null || status === 409 || status === 429 || status >= 500) return { kind: 'transient', ...named };
  // 400, 401, 403, 422…: the key, the domain or the payload is wrong; retrying sends the same.
  return { kind: 'permanent', ...named };
}

export function createResendMailer(apiKey: string, timeoutMs: number): Mailer {
  const resend = new Resend(apiKey);
  return {
    async send(message, { idempotencyKey }) {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const { data, error, headers } = await resend.emails.send(
          {
            ...withSafeHeaders(message),
            attachments: message.attachments?.map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              content: Buffer.from(a.content).toString('base64'),
            })),
          },
          { idempotencyKey, signal } as { idempotencyKey: string },
        );
        // The SDK turns an aborted request into a generic error value; the signal knows better.
        if (signal.aborted) return fail({ kind: 'transient', name: 'timeout' });
        if (error) return fail(classifyResendError(error.statusCode, error.name, headers?.['retry-after']));
        if (!data) return fail({ kind: 'transient', name: 'no_response' });
        return ok({ id: data.id });
      } catch (error) {
        return fail({ kind: 'transient', name: signal.aborted ? 'timeout' : errorName(error) });
      }
    },
  };
}

/**
 * The mailer of a deployment without RESEND_API_KEY: nothing is sent, every email stays pending
 * (setting the key later delivers them all), and the first send of each run says why, once.
 */
export function createUnconfiguredMailer(log: Logger): Mailer {
  let told = false;
  return {
    async send() {
      if (!told) {
        told = true;
        log.error('mail.not_configured', { variable: 'RESEND_API_KEY', effect: 'emails stay pending until it is set' });
      }
      return fail({ kind: 'unconfigured', name: 'missing_api_key' });
    },
  };
}
