/**
 * The answers a form endpoint gives: JSON for scripts (the enhanced form, API callers), and
 * for a plain browser post either a redirect to the thank-you page or a small, accessible
 * page that says what to do next.
 */
import type { FieldErrors, FieldMap } from '#src/forms/fields.ts';
import { labelSeparator } from '#src/forms/labelSeparator.ts';
import { html, joined, type Raw } from './html.ts';
import { SECURITY_HEADERS } from './securityHeaders.ts';

/** True when the caller asked for JSON rather than a page. */
export function wantsJson(req: Request): boolean {
  const accept = req.headers.get('accept') ?? '';
  if (accept.includes('application/json')) return true;
  if (accept.includes('text/html')) return false;
  return (req.headers.get('content-type') ?? '').includes('application/json');
}

/** Every function answer: no caching of personal data, and the site's security headers. */
const NO_STORE = { 'Cache-Control': 'no-store', ...SECURITY_HEADERS };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...NO_STORE, ...headers },
  });
}

/** A self-contained page in the site's look, for answers that are not a redirect. */
export function page(status: number, title: string, body: Raw, headers: Record<string, string> = {}): Response {
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Unstuck</title>
<link rel="stylesheet" href="/styles/message-page.css">
</head>
<body>
<main id="main" class="message">
${body}
</main>
</body>
</html>`;
  return new Response(document.value, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...NO_STORE, ...headers } });
}

export function accepted(req: Request, id: string, thanksPath: string): Response {
  if (wantsJson(req)) return json(201, { id });
  return new Response(null, { status: 303, headers: { Location: `${thanksPath}?ref=${encodeURIComponent(id)}`, ...NO_STORE } });
}

export function invalid(req: Request, errors: FieldErrors, fields: FieldMap): Response {
  if (wantsJson(req)) return json(422, { errors });
  const items = Object.entries(errors)
    .map(([name, messages]) => {
      const label = fields[name]?.label ?? (name === 'form' ? 'The form' : name);
      return html`<li><strong>${label}</strong>${labelSeparator(label)}${joined(messages, ' ')}</li>`;
    });
  const count = Object.keys(errors).length;
  return page(
    422,
    'Please check your answers',
    html`<h1>Please check ${count === 1 ? 'one answer' : `${count} answers`}</h1>
<p>Nothing has been sent yet. Here is what needs another look:</p>
<ul class="problems">
${joined(items, '\n')}
</ul>
<p><strong>Use your browser's Back button</strong> to return to the form. Everything you typed is still there.</p>`,
  );
}

export function failure(
  req: Request,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  heading = 'Your answers were not sent',
): Response {
  if (wantsJson(req)) return json(status, { error: { code, message } }, headers);
  return page(
    status,
    heading,
    html`<h1>${heading}</h1>
<p>${message}</p>
<p><strong>Use your browser's Back button</strong> to return to the form; what you typed is still there.</p>`,
    headers,
  );
}
