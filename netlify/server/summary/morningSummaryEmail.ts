/**
 * The coach's morning summary as an email: one heading per section with something to say, each
 * item a line or two, and a link to the client's page on the desk where the item is about one.
 * Every value a person typed is escaped.
 */
import { clientPath } from '../paths.ts';
import type { EmailMessage } from '../mail/mailer.ts';
import type { SummarySection } from './section.ts';
import { emailLayout, httpHref } from '../emails/layout.ts';
import { html, joined } from '../web/html.ts';

export interface SummaryAddressing {
  from: string;
  to: string;
  siteUrl: string;
  /** The coach's day, in words: "Tue, Dec 1". */
  dayInWords: string;
}

export function morningSummaryEmail(sections: readonly SummarySection[], { from, to, siteUrl, dayInWords }: SummaryAddressing): EmailMessage {
  const subject = `Your morning summary, ${dayInWords}: ${sections.map((s) => s.tally).join(', ')}`;
  const deskLink = (hash: string) => new URL(clientPath(hash), siteUrl).href;
  const htmlSections = sections.map((section) => {
    const items = section.items.map((item) => {
      const href = item.clientHash ? httpHref(deskLink(item.clientHash)) : undefined;
      const title = href ? html`<a href="${href}">${item.title}</a>` : item.title;
      return html`<li style="margin:0 0 10px">${title}${(item.lines ?? []).map((line) => html`<br><span style="color:#4f5d59">${line}</span>`)}</li>`;
    });
    return html`<h2 style="font:600 17px/1.3 sans-serif;margin:24px 0 8px">${section.heading}</h2>
${section.intro ? html`<p style="margin:0 0 10px">${section.intro}</p>\n` : ''}<ul style="margin:0;padding-left:20px">${joined(items, '\n')}</ul>`;
  });
  const textSections = sections.map((section) => {
    const items = section.items.map((item) => [`- ${item.title}`, ...(item.lines ?? []).map((line) => `  ${line}`), ...(item.clientHash ? [`  On the desk: ${deskLink(item.clientHash)}`] : [])].join('\n'));
    return [section.heading.toUpperCase(), ...(section.intro ? [section.intro] : []), items.join('\n')].join('\n\n');
  });
  const intro = 'Good morning. Here is what happened since yesterday’s summary, and what is coming up. Each name opens that client on your desk.';
  return {
    from,
    to: [to],
    subject,
    html: emailLayout(subject, html`<h1 style="font:600 22px/1.3 sans-serif;margin:0 0 12px">Your morning summary, ${dayInWords}</h1>
<p style="margin:0 0 8px">${intro}</p>
${joined(htmlSections, '\n')}`).value,
    text: `Your morning summary, ${dayInWords}\n\n${intro}\n\n${textSections.join('\n\n')}\n`,
  };
}
