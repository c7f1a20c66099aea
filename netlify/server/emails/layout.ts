import { html, lines, type Raw } from '../web/html.ts';

/** Multi-line text as HTML paragraphs, escaped. */
export function paragraphs(text: string): Raw {
  return html`${text.split(/\n{2,}/).map((p) => html`<p style="margin:0 0 12px">${lines(p)}</p>`)}`;
}

/** The frame every email shares: readable in any client, no remote images, no scripts. */
export function emailLayout(title: string, body: Raw): Raw {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="margin:0;padding:24px;background:#fbf8f3;color:#1f2a28;font:16px/1.6 Georgia,serif">
<div style="max-width:640px;margin:0 auto;background:#fff;border:1px solid #d9d3c8;border-radius:10px;padding:24px">
${body}
</div></body></html>`;
}

/**
 * The address a link may point to, for a web address someone typed or configured: only http and
 * https (never `javascript:` or `data:`), and only a whole address. Undefined for anything else,
 * which is then shown as plain text.
 */
export function httpHref(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A sentence with a link in it: `before`, the link's words, `after`. */
export interface LinkedSentence {
  before: string;
  link: { words: string; href: string };
  after: string;
}

/** A paragraph of an email: plain text, or a sentence with a link. */
export type Paragraph = string | LinkedSentence;

/** A paragraph as HTML, escaped; a link only to an http(s) address, otherwise its words alone. */
export function paragraphHtml(paragraph: Paragraph): Raw {
  if (typeof paragraph === 'string') return paragraphs(paragraph);
  const { before, link, after } = paragraph;
  const href = httpHref(link.href);
  const words = href ? html`<a href="${href}">${link.words}</a>` : link.words;
  return html`<p style="margin:0 0 12px">${before}${words}${after}</p>`;
}

/** A paragraph as plain text: a link's address follows its words in brackets. */
export function paragraphText(paragraph: Paragraph): string {
  if (typeof paragraph === 'string') return paragraph;
  const { before, link, after } = paragraph;
  return `${before}${link.words} (${link.href})${after}`;
}
