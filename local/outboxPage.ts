import { escapeHtml } from '#server/web/html.ts';
import type { OutboxMessage } from './outboxMailer.ts';

/** The local outbox as a page: every email the site would have sent, newest first. */
export function renderOutboxPage(messages: OutboxMessage[]): string {
  const items = [...messages]
    .reverse()
    .map(
      (m) => `<article>
<h2>${escapeHtml(m.subject)}</h2>
<dl>
<dt>From</dt><dd>${escapeHtml(m.from)}</dd>
<dt>To</dt><dd>${escapeHtml(m.to.join(', '))}</dd>
${m.replyTo ? `<dt>Reply to</dt><dd>${escapeHtml(m.replyTo)}</dd>` : ''}
<dt>Sent</dt><dd><time datetime="${escapeHtml(m.createdAt)}">${escapeHtml(m.createdAt)}</time></dd>
${Object.entries(m.headers ?? {}).map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}
${m.attachments.length > 0 ? `<dt>Attachments</dt><dd>${m.attachments.map((a) => `${escapeHtml(a.filename)} (${escapeHtml(a.contentType)}, ${a.size} bytes)`).join('<br>')}</dd>` : ''}
</dl>
<details><summary>Plain text</summary><pre>${escapeHtml(m.text)}</pre></details>
<details><summary>HTML</summary><iframe title="HTML of “${escapeHtml(m.subject)}”" sandbox srcdoc="${escapeHtml(m.html)}"></iframe></details>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Local outbox · Unstuck</title>
<link rel="stylesheet" href="/styles/message-page.css"></head>
<body><main id="main" class="message message--wide">
<h1>Local outbox</h1>
<p>Emails the site would have sent. They stay on this machine because <code>RESEND_API_KEY</code> is not set. Also as <a href="/dev/outbox.json">JSON</a>.</p>
${messages.length === 0 ? '<p>No emails yet. Send a form and reload this page.</p>' : items}
</main></body></html>`;
}
