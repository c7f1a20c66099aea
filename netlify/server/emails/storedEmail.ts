/**
 * An email as first rendered, kept so every retry sends exactly the same payload: Resend keeps
 * an idempotency key for 24 hours and refuses it with any other payload
 * (https://resend.com/docs/dashboard/emails/idempotency-keys). JSON, attachments in base64.
 */
import type { EmailMessage } from '../mail/mailer.ts';

export interface StoredEmail extends Omit<EmailMessage, 'attachments'> {
  attachments?: { filename: string; contentType: string; content: string }[];
  /** File names of uploads the email should have carried but could not (the record is flagged). */
  missingUploads?: string[];
}

/** A rendered email and what it had to leave out. */
export interface RenderedEmail {
  message: EmailMessage;
  missingUploads: string[];
}

export function toStoredEmail({ message, missingUploads }: RenderedEmail): StoredEmail {
  return {
    from: message.from,
    to: message.to,
    ...(message.replyTo !== undefined ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    html: message.html,
    text: message.text,
    ...(message.headers ? { headers: message.headers } : {}),
    ...(message.attachments
      ? { attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content).toString('base64') })) }
      : {}),
    ...(missingUploads.length > 0 ? { missingUploads } : {}),
  };
}

export function fromStoredEmail(stored: StoredEmail): RenderedEmail {
  const { attachments, missingUploads, ...rest } = stored;
  return {
    message: {
      ...rest,
      ...(attachments
        ? { attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: new Uint8Array(Buffer.from(a.content, 'base64')) })) }
        : {}),
    },
    missingUploads: missingUploads ?? [],
  };
}
