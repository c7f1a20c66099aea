/** The two emails every submission sends: the full answers to the coach, a warm receipt to the client. */
import { SUBMISSION_KINDS } from '../../../src/forms/kinds.ts';
import { SITE } from '../../../src/site.config.ts';
import type { Catalog } from '../catalog.ts';
import type { FormHandler } from '../forms/formHandler.ts';
import type { Attachment, EmailMessage } from '../mailer.ts';
import type { Recipient, StoredUpload, SubmissionRecord } from '../submissionStore.ts';
import { fieldsTable } from './fieldsTable.ts';
import { emailLayout, escapeHtml, paragraphs } from './html.ts';

export interface EmailContext {
  catalog: Catalog;
  coachEmail: string;
  fromEmail: string;
  siteUrl: string;
  /** Reads a stored upload to attach it. */
  readUpload(upload: StoredUpload): Promise<Uint8Array | null>;
}

function uploadsOf(record: SubmissionRecord): StoredUpload[] {
  return Object.values(record.data).filter(
    (value): value is StoredUpload => typeof value === 'object' && value !== null && 'key' in value && 'fileName' in value,
  );
}

export async function coachEmail(handler: FormHandler, record: SubmissionRecord, context: EmailContext): Promise<EmailMessage> {
  const name = String(record.data.name);
  const topic = handler.topic(record.data, context.catalog);
  const table = fieldsTable(handler.fieldsFor(record.data, context.catalog), record.data);
  const attachments: Attachment[] = [];
  for (const upload of uploadsOf(record)) {
    const content = await context.readUpload(upload);
    if (content) attachments.push({ filename: upload.fileName, contentType: upload.contentType, content });
  }
  const noun = SUBMISSION_KINDS[record.kind].noun;
  const footer = `Submission ${record.id}, received ${record.createdAt}. Reply to this email to answer ${name} directly.`;
  return {
    from: context.fromEmail,
    to: [context.coachEmail],
    replyTo: String(record.data.email),
    subject: `${record.flags?.includes('many-links') ? '[Check: many links] ' : ''}New ${noun} from ${name}: ${topic}`,
    html: emailLayout(
      `New ${noun}`,
      `<h1 style="font:600 22px/1.3 sans-serif;margin:0 0 8px">New ${escapeHtml(noun)} from ${escapeHtml(name)}</h1>
<p style="margin:0 0 16px;color:#4f5d59">${escapeHtml(topic)}</p>
${table.html}
<p style="margin:24px 0 0;color:#4f5d59;font-size:14px">${escapeHtml(footer)}</p>`,
    ),
    text: `New ${noun} from ${name}: ${topic}\n\n${table.text}\n\n${footer}\n`,
    ...(attachments.length > 0 ? { attachments } : {}),
  };
}

export function clientEmail(handler: FormHandler, record: SubmissionRecord, context: EmailContext): EmailMessage {
  const message = handler.clientMessage(record, context);
  const signoff = `Warmly,\n${SITE.coachName}`;
  return {
    from: context.fromEmail,
    to: [String(record.data.email)],
    replyTo: context.coachEmail,
    subject: message.subject,
    html: emailLayout(
      message.subject,
      `${message.paragraphs.map(paragraphs).join('')}${paragraphs(signoff)}
<p style="margin:24px 0 0;color:#4f5d59;font-size:14px">You are receiving this because you sent a form on ${escapeHtml(context.siteUrl)}. Reference: ${escapeHtml(record.id)}.</p>`,
    ),
    text: `${message.paragraphs.join('\n\n')}\n\n${signoff}\n\nReference: ${record.id}\n`,
    ...(message.attachments ? { attachments: message.attachments } : {}),
  };
}

export const RECIPIENTS: readonly Recipient[] = ['coach', 'client'];

export function buildEmail(recipient: Recipient, handler: FormHandler, record: SubmissionRecord, context: EmailContext) {
  return recipient === 'coach' ? coachEmail(handler, record, context) : Promise.resolve(clientEmail(handler, record, context));
}
