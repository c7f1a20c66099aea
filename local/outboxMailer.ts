/**
 * The local stand-in for Resend: every email is kept in an `outbox` blob store instead of being
 * sent, and listed at /dev/outbox. The local runtime hands it to the functions
 * (setLocalMailer) while RESEND_API_KEY is unset; nothing deployed can reach it.
 */
import type { Store } from '@netlify/blobs';
import { withSafeHeaders, type EmailMessage, type Mailer } from '#server/mail/mailer.ts';
import { createJsonOnly } from '#server/conditionalWrites.ts';
import { fail, ok } from '#server/result.ts';
import { STORE_DEADLINE_MS, storeCalls } from '#server/storeCall.ts';

export const OUTBOX_STORE = 'outbox';

/** An email as kept in the local outbox and listed at /dev/outbox.json: attachments by size, not content. */
export interface OutboxMessage extends Omit<EmailMessage, 'attachments'> {
  id: string;
  idempotencyKey: string;
  createdAt: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

/**
 * Keeps every email in the blob store instead of sending it. The idempotency key is the blob key.
 * Each write has a deadline like every other store call, so a hung store leaves the email
 * pending for the retry job instead of hanging the request that sends it.
 */
export function createOutboxMailer(outbox: Store, clock: () => Date = () => new Date(), { deadlineMs = STORE_DEADLINE_MS } = {}): Mailer {
  const attempt = storeCalls(deadlineMs);
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
      const written = await attempt(() => createJsonOnly(outbox, key, stored));
      return written.ok ? ok({ id: key }) : fail({ kind: 'transient', name: written.error.name });
    },
  };
}

/** Every message in the outbox, oldest first. */
export async function readOutbox(outbox: Store): Promise<OutboxMessage[]> {
  const { blobs } = await outbox.list();
  const messages = await Promise.all(blobs.map(({ key }) => outbox.get(key, { type: 'json' }) as Promise<OutboxMessage>));
  return messages.filter(Boolean).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Removes every outbox message to or from an address; returns their keys. */
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
