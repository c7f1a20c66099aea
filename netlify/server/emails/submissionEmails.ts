/** The two emails every submission sends: the full answers to the coach, a warm receipt to the client. */
import type { ClientIdentity } from '#src/forms/identity.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { SITE } from '#src/site.config.ts';
import type { Catalog } from '../catalog.ts';
import type { FormHandler } from '../submissions/forms/formHandler.ts';
import type { Attachment, EmailMessage } from '../mail/mailer.ts';
import { fail, ok, type Result } from '../result.ts';
import type { Recipient, Stored, StoredUpload, SubmissionRecord } from '../submissions/records.ts';
import { fieldsTable } from './fieldsTable.ts';
import { reviewNotes } from './reviewNotes.ts';
import { greetingName } from './greeting.ts';
import { emailLayout, paragraphHtml, paragraphs, paragraphText, type Paragraph } from './layout.ts';
import { html } from '../web/html.ts';
import type { RenderedEmail } from './storedEmail.ts';

export interface EmailContext {
  catalog: Catalog;
  coachEmail: string;
  fromEmail: string;
  siteUrl: string;
  /** Reads a stored upload to attach it; null when it cannot be read. */
  readUpload(upload: StoredUpload): Promise<Uint8Array | null>;
  /**
   * Whether to send without an upload that cannot be read. Until then an unreadable upload
   * keeps the coach's email back, since it would otherwise go out once, without the file.
   */
  sendWithoutUnreadable: boolean;
}

/** The coach's email cannot be built yet: an upload could not be read. */
export interface UploadUnreadable {
  name: 'upload_unreadable';
}

function uploadsOf(data: Readonly<Record<string, unknown>>): StoredUpload[] {
  return Object.values(data).filter(
    (value): value is StoredUpload => typeof value === 'object' && value !== null && 'key' in value && 'fileName' in value,
  );
}

/** What the coach reads first when a file is missing: which, and what to do about it. */
function missingNote(files: string[], name: string): string {
  const [them, they] = files.length === 1 ? ['it', 'it'] : ['them', 'they'];
  return `Not attached: ${files.join(', ')}. ${name} sent ${them === 'it' ? 'this file' : 'these files'}, but ${they} could not be read back from storage for a day, so this email comes without ${them}. Ask ${name} to send ${them} again if you need ${them}.`;
}

export async function coachEmail<Data extends ClientIdentity>(handler: FormHandler<Data>, record: SubmissionRecord<Stored<Data>>, context: EmailContext): Promise<Result<RenderedEmail, UploadUnreadable>> {
  const { name, email } = record.data;
  const attachments: Attachment[] = [];
  const unattached: StoredUpload[] = [];
  for (const upload of uploadsOf(record.data)) {
    const content = await context.readUpload(upload);
    if (content) attachments.push({ filename: upload.fileName, contentType: upload.contentType, content });
    else unattached.push(upload);
  }
  if (unattached.length > 0 && !context.sendWithoutUnreadable) return fail({ name: 'upload_unreadable' });
  const said = handler.coachMessage(record, context);
  attachments.push(...(said.attachments ?? []));
  const table = fieldsTable(handler.fieldsFor(record.data, context.catalog), record.data, {
    unattached: new Set(unattached.map((u) => u.key)),
    shown: said.shown ?? {},
  });
  const missingUploads = unattached.map((u) => u.fileName);
  const note = missingUploads.length > 0 ? missingNote(missingUploads, name) : undefined;
  const heading = said.heading ?? `${said.title} from ${name}`;
  const footer = `Submission ${record.id}, received ${formatInZone(new Date(record.createdAt), SITE.timeZone)}. Reply to this email to answer ${name} directly.`;
  const review = reviewNotes(record.flags);
  const checks = `${review.subjectPrefix}${note ? '[Check: file missing] ' : ''}`;
  const notices = [...review.sentences, ...(note ? [note] : [])];
  const lead = said.paragraphs ?? [];
  const message: EmailMessage = {
    from: context.fromEmail,
    to: [context.coachEmail],
    replyTo: email,
    subject: `${checks}${heading}${said.about ? `: ${said.about}` : ''}`,
    html: emailLayout(
      heading,
      html`<h1 style="font:600 22px/1.3 sans-serif;margin:0 0 8px">${heading}</h1>
${said.about ? html`<p style="margin:0 0 16px;color:#4f5d59">${said.about}</p>\n` : ''}${notices.map((notice) => html`<p style="margin:0 0 16px;padding:12px;border:2px solid #b3261e;border-radius:6px"><strong>${notice}</strong></p>\n`)}${lead.map((p) => paragraphs(p))}${table.html}
<p style="margin:24px 0 0;color:#4f5d59;font-size:14px">${footer}</p>`,
    ).value,
    text: `${heading}${said.about ? `: ${said.about}` : ''}\n\n${[...notices, ...lead].map((p) => `${p}\n\n`).join('')}${table.text}\n\n${footer}\n`,
    ...(attachments.length > 0 ? { attachments } : {}),
  };
  return ok({ message, missingUploads });
}

export function clientEmail<Data extends ClientIdentity>(handler: FormHandler<Data>, record: SubmissionRecord<Stored<Data>>, context: Pick<EmailContext, 'catalog' | 'coachEmail' | 'fromEmail' | 'siteUrl'>): EmailMessage {
  const message = handler.clientMessage(record, context);
  const body: Paragraph[] = [`Hi ${greetingName(record.data)},`, ...message.paragraphs];
  const signoff = `Warmly,\n${SITE.coachName}`;
  return {
    from: context.fromEmail,
    to: [record.data.email],
    replyTo: context.coachEmail,
    subject: message.subject,
    html: emailLayout(
      message.subject,
      html`${body.map(paragraphHtml)}${paragraphs(signoff)}
<p style="margin:24px 0 0;color:#4f5d59;font-size:14px">You are receiving this because you sent a form on ${context.siteUrl}. Reference: ${record.id}.</p>`,
    ).value,
    text: `${body.map(paragraphText).join('\n\n')}\n\n${signoff}\n\nReference: ${record.id}\n`,
    ...(message.attachments ? { attachments: message.attachments } : {}),
  };
}

export const RECIPIENTS: readonly Recipient[] = ['coach', 'client'];

/** Renders one recipient's email; only the coach's can wait for an upload. */
export async function buildEmail<Data extends ClientIdentity>(recipient: Recipient, handler: FormHandler<Data>, record: SubmissionRecord<Stored<Data>>, context: EmailContext): Promise<Result<RenderedEmail, UploadUnreadable>> {
  return recipient === 'coach' ? coachEmail(handler, record, context) : ok({ message: clientEmail(handler, record, context), missingUploads: [] });
}
