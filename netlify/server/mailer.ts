/**
 * Sending email. Two implementations of one small interface: Resend in production (and in
 * tests, pointed at a fake Resend server through RESEND_BASE_URL), and a local outbox in the
 * blob store when there is no API key, listed at /dev/outbox.
 */
import type { Store } from '@netlify/blobs';
import { Resend } from 'resend';
import { errorName, fail, ok, type Result } from './result.ts';

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
}

export interface SendError {
  /** A stable name for logs and the record, e.g. "rate_limit_exceeded" or "timeout". */
  name: string;
}

export interface Mailer {
  /** Sends once per idempotency key: a repeat with the same key never sends a second email. */
  send(message: EmailMessage, options: { idempotencyKey: string }): Promise<Result<{ id: string }, SendError>>;
}

/** Subjects and addresses are single-line; a newline there could smuggle in a header. */
const oneLine = (value: string) => value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

/** The message without its attachments, every header on one line: what both mailers hand on. */
function withSafeHeaders(message: EmailMessage): Omit<EmailMessage, 'attachments'> {
  return {
    from: oneLine(message.from),
    to: message.to.map(oneLine),
    ...(message.replyTo ? { replyTo: oneLine(message.replyTo) } : {}),
    subject: oneLine(message.subject),
    html: message.html,
    text: message.text,
  };
}

export function createResendMailer(apiKey: string, timeoutMs: number): Mailer {
  const resend = new Resend(apiKey);
  return {
    async send(message, { idempotencyKey }) {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const { data, error } = await resend.emails.send(
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
        if (signal.aborted) return fail({ name: 'timeout' });
        if (error || !data) return fail({ name: error?.name ?? 'no_response' });
        return ok({ id: data.id });
      } catch (error) {
        return fail({ name: signal.aborted ? 'timeout' : errorName(error) });
      }
    },
  };
}

/** An email as kept in the local outbox and listed at /dev/outbox.json: attachments by size, not content. */
export interface OutboxMessage extends Omit<EmailMessage, 'attachments'> {
  id: string;
  idempotencyKey: string;
  createdAt: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

/** Keeps every email in the blob store instead of sending it. The idempotency key is the blob key. */
export function createOutboxMailer(outbox: Store, clock: () => Date = () => new Date()): Mailer {
  return {
    async send(message, { idempotencyKey }) {
      const key = encodeURIComponent(idempotencyKey);
      const stored: OutboxMessage = {
        id: key,
        idempotencyKey,
        createdAt: clock().toISOString(),
        ...withSafeHeaders(message),
        attachments: (message.attachments ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          size: a.content.byteLength,
        })),
      };
      try {
        await outbox.setJSON(key, stored, { onlyIfNew: true });
        return ok({ id: key });
      } catch (error) {
        return fail({ name: errorName(error) });
      }
    },
  };
}

/** Every message in the outbox, oldest first. */
export async function readOutbox(outbox: Store): Promise<OutboxMessage[]> {
  const { blobs } = await outbox.list();
  const messages = await Promise.all(blobs.map(({ key }) => outbox.get(key, { type: 'json' }) as Promise<OutboxMessage>));
  return messages.filter(Boolean).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Removes every outbox message to or from an address; returns their keys. Local outbox only. */
export async function eraseFromOutbox(outbox: Store, email: string): Promise<string[]> {
  const target = email.trim().toLowerCase();
  const removed: string[] = [];
  for (const message of await readOutbox(outbox)) {
    const addresses = [...message.to, message.replyTo ?? ''].map((a) => a.toLowerCase());
    if (addresses.some((address) => address === target || address.endsWith(`<${target}>`))) {
      await outbox.delete(message.id);
      removed.push(`outbox/${message.id}`);
    }
  }
  return removed;
}
