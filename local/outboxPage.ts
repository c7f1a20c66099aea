import { html, joined, raw } from '#server/web/html.ts';
import type { OutboxMessage } from './outboxMailer.ts';

/** The local outbox as a page: every email the site would have sent, newest first. */
export function renderOutboxPage(messages: OutboxMessage[]): string {
  const items = [...messages].reverse().map(
    (m) => html`<article>
<h2>${m.subject}</h2>
<dl>
<dt>From</dt><dd>${m.from}</dd>
<dt>To</dt><dd>${m.to.join(', ')}</dd>
${m.replyTo ? html`<dt>Reply to</dt><dd>${m.replyTo}</dd>` : ''}
<dt>Sent</dt><dd><time datetime="${m.createdAt}">${m.createdAt}</time></dd>
${Object.entries(m.headers ?? {}).map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}
${m.attachments.length > 0 ? html`<dt>Attachments</dt><dd>${joined(m.attachments.map((a) => `${a.filename} (${a.contentType}, ${a.size} bytes)`), raw('<br>'))}</dd>` : ''}
</dl>
<details><summary>Plain text</summary><pre>${m.text}</pre></details>
<details><summary>HTML</summary><iframe title="HTML of “${m.subject}”" sandbox srcdoc="${m.html}"></iframe></details>
</article>`,
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Local outbox · Unstuck</title>
<link rel="stylesheet" href="/styles/message-page.css"></head>
<body><main id="main" class="message message--wide">
<h1>Local outbox</h1>
<p>Emails the site would have sent. They stay on this machine because <code>RESEND_API_KEY</code> is not set. Also as <a href="/dev/outbox.json">JSON</a>.</p>
${messages.length === 0 ? html`<p>No emails yet. Send a form and reload this page.</p>` : joined(items, '\n')}
</main></body></html>`.value;
}
