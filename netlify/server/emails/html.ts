/** Escapes text for HTML element content and attribute values. Every value from a user goes through it. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Multi-line text as HTML paragraphs, escaped. */
export function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** The frame every email shares: readable in any client, no remote images, no scripts. */
export function emailLayout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:24px;background:#fbf8f3;color:#1f2a28;font:16px/1.6 Georgia,serif">
<div style="max-width:640px;margin:0 auto;background:#fff;border:1px solid #d9d3c8;border-radius:10px;padding:24px">
${body}
</div></body></html>`;
}
