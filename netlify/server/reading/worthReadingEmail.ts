/**
 * The email the coach sends from the desk with a post, exercise or inquiry picked for one
 * client: the coach's own note first, then what it is and the link. The desk's preview shows
 * exactly this message before it goes.
 */
import type { LibraryItem, LibraryKind } from './library.ts';
import type { EmailMessage } from '../mail/mailer.ts';
import { emailLayout, paragraphs } from '../emails/layout.ts';
import { html } from '../web/html.ts';

export interface WorthReadingInput {
  item: LibraryItem;
  /** The coach's personal note, as typed; may be empty. */
  note: string;
  clientName: string;
  clientEmail: string;
  /** The public site, e.g. https://unstuck.example.com; the item's page is resolved against it. */
  siteUrl: string;
  fromEmail: string;
  coachEmail: string;
  coachName: string;
}

/** How each kind is introduced, and what its link says. */
const KIND_WORDS: Record<LibraryKind, { label: string; open: string }> = {
  post: { label: 'A post', open: 'Read the post' },
  exercise: { label: 'An exercise', open: 'Open the exercise' },
  inquiry: { label: 'A question to carry with you', open: 'Open the question' },
};

export function worthReadingEmail({ item, note, clientName, clientEmail, siteUrl, fromEmail, coachEmail, coachName }: WorthReadingInput): EmailMessage {
  const link = new URL(item.url, siteUrl).href;
  const words = KIND_WORDS[item.kind];
  const subject = `Something worth reading: ${item.title}`;
  const personal = note.trim();
  const footer = `${coachName} picked this for you, ${clientName}. Reply to this email to write back to ${coachName}.`;
  const body = emailLayout(
    subject,
    html`${personal ? paragraphs(personal) : ''}
<div style="margin:20px 0;padding:16px;border-left:4px solid #2f6f62;background:#f4f1ea">
<p style="margin:0 0 4px;color:#4f5d59;font:600 13px/1.4 sans-serif;text-transform:uppercase;letter-spacing:.04em">${words.label}</p>
<h1 style="font:600 20px/1.3 sans-serif;margin:0 0 8px"><a href="${link}" style="color:#1f2a28">${item.title}</a></h1>
<p style="margin:0 0 12px">${item.summary}</p>
<p style="margin:0"><a href="${link}" style="color:#2f6f62;font-weight:600">${words.open}</a></p>
</div>
<p style="margin:24px 0 0;color:#4f5d59;font-size:14px">${footer}</p>`,
  );
  const text = `${personal ? `${personal}\n\n` : ''}${words.label}: ${item.title}\n${item.summary}\n\n${words.open}: ${link}\n\n${footer}\n`;
  return { from: fromEmail, to: [clientEmail], replyTo: coachEmail, subject, html: body.value, text };
}
