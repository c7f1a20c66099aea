/**
 * The two emails comments send: the coach's moderation email for each new comment (the comment,
 * the post, who sent it, and Approve / Reject / Reply links), and the one email a reader gets
 * when the coach replies to them, if they asked for it. Both depend only on what is stored and
 * on configuration (their links derive from the comment: commentLinks.ts), so a retry renders
 * the same message under the same idempotency key. Every value a reader typed is escaped.
 */
import { SITE } from '#src/site.config.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { greetingName } from '../emails/greeting.ts';
import { emailLayout, paragraphs } from '../emails/layout.ts';
import { html, joined, raw } from '../web/html.ts';
import type { EmailMessage } from '../mail/mailer.ts';
import type { LinkKeys } from '../links/signedLinks.ts';
import { moderationLinks, MODERATION_LINK_DAYS, unsubscribeLink } from './commentLinks.ts';
import type { CommentEntry } from './commentStore.ts';
import { commentUrl, postUrl, type PublishedComment } from './published.ts';

export interface CommentEmailSettings extends LinkKeys {
  coachEmail: string;
  fromEmail: string;
}

export const moderationKey = (id: string) => `comment/${id}/moderation`;
export const replyNoticeKey = (replyId: string) => `comment-reply/${replyId}`;

const FLAG_WORDS: Record<string, string> = {
  'fast-send': 'Sent very quickly after the page opened: look twice.',
  'released-from-spam': 'You released it from spam on your desk.',
};

const button = (href: string, words: string, colour: string) =>
  html`<a href="${href}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border-radius:6px;background:${colour};color:#fff;font:600 15px/1 sans-serif;text-decoration:none">${words}</a>`;

const quote = (text: string) => html`<div style="margin:12px 0 16px;padding:12px 16px;border-left:4px solid #2f6f62;background:#f4f1ea">${paragraphs(text)}</div>`;

/** The coach's email about a new comment: what it says, where, from whom, and the three links. */
export function moderationEmail(entry: CommentEntry, postTitle: string, settings: CommentEmailSettings): EmailMessage {
  const links = moderationLinks(entry, settings);
  const post = postUrl(entry.postSlug, settings.siteUrl);
  const desk = new URL('/coach/comments/', settings.siteUrl).href;
  const subject = `Comment from ${entry.name} on “${postTitle}”`;
  const received = formatInZone(new Date(entry.createdAt), SITE.timeZone);
  const who = [`Name: ${entry.name}`, `Email: ${entry.email} (never published)`, `Website: ${entry.website ?? 'none given'}`];
  const flags = (entry.flags ?? []).map((flag) => FLAG_WORDS[flag] ?? flag);
  const how = `Each link opens a page with one button; nothing happens until you press it. Approve and Reject work once, for ${MODERATION_LINK_DAYS} days; Approve publishes it with the site's next build. The comment also waits on your desk until you decide:`;
  const body = emailLayout(
    subject,
    html`<h1 style="font:600 20px/1.3 sans-serif;margin:0 0 8px">A comment is waiting for your approval</h1>
<p style="margin:0 0 12px">On <a href="${post}">${postTitle}</a>, received ${received}.</p>
${quote(entry.body)}
<p style="margin:0 0 12px">${joined(who, raw('<br>'))}</p>
${joined(flags.map((flag) => html`<p style="margin:0 0 12px;font-weight:600">${flag}</p>`), '\n')}
<p style="margin:16px 0 8px">${button(links.approve, 'Approve', '#1f5446')}${button(links.reject, 'Reject', '#8a3b12')}${button(links.reply, 'Reply', '#2f4f6f')}</p>
<p style="margin:0 0 12px;color:#4f5d59;font-size:14px">${how} <a href="${desk}">${desk}</a></p>`,
  );
  const text = `A comment is waiting for your approval, on “${postTitle}” (${post}), received ${received}.

${entry.body}

${who.join('\n')}
${flags.length > 0 ? `\n${flags.join('\n')}\n` : ''}
Approve: ${links.approve}

Reject: ${links.reject}

Reply: ${links.reply}

${how} ${desk}
`;
  return { from: settings.fromEmail, to: [settings.coachEmail], subject, html: body.value, text };
}

/** The one email a reader gets when the coach replies to their comment (they asked for it). */
export function replyNoticeEmail(parent: CommentEntry, reply: PublishedComment, postTitle: string, settings: CommentEmailSettings): EmailMessage {
  const link = commentUrl(reply.postSlug, reply.id, settings.siteUrl);
  const stop = unsubscribeLink(parent.id, reply.createdAt, settings);
  const subject = `${SITE.coachName} replied to your comment on “${postTitle}”`;
  const greeting = `Hi ${greetingName({ name: parent.name })},`;
  const intro = `${SITE.coachName} replied to the comment you left on “${postTitle}”:`;
  const where = 'It appears under the post when the site is next updated, usually within the hour:';
  const why = 'You are getting this one email because you asked to hear when the coach replies. To get no more of these, open this link and press its button:';
  const body = emailLayout(
    subject,
    html`${paragraphs(greeting)}${paragraphs(intro)}${quote(reply.body)}
<p style="margin:0 0 6px;color:#4f5d59;font-size:14px">Your comment:</p>
<div style="margin:0 0 16px;padding:0 16px;color:#4f5d59">${paragraphs(parent.body)}</div>
<p style="margin:0 0 12px">${where} <a href="${link}">${link}</a></p>
<p style="margin:24px 0 0;color:#4f5d59;font-size:14px">${why} <a href="${stop}">Stop emails about replies</a></p>`,
  );
  const text = `${greeting}

${intro}

${reply.body}

Your comment:
${parent.body}

${where} ${link}

${why} ${stop}
`;
  return {
    from: settings.fromEmail,
    to: [parent.email],
    subject,
    html: body.value,
    text,
    // The mail program's own "Unsubscribe" stops them in one click (RFC 8058); the link in the body asks first.
    headers: { 'List-Unsubscribe': `<${stop}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
