/**
 * The frame of the site's private pages (the coach's desk, a client's /my/ pages): plain HTML with
 * the site's strict CSP (no inline scripts or styles), one stylesheet, a skip link, never cached,
 * never indexed. Every value is escaped with `html`.
 */
import { html, type Raw } from './html.ts';
import { SECURITY_HEADERS } from './securityHeaders.ts';

/** Headers of every private answer (the desk, a client's /my/ pages), pages, files and JSON alike. */
export const PRIVATE_HEADERS = {
  ...SECURITY_HEADERS,
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex, nofollow',
} as const;

/** What differs between the site's private pages (the desk, a client's /my/ pages): the frame is shared. */
export interface PrivatePage {
  /** The whole title, e.g. "Inbox · Coach's desk". */
  title: string;
  stylesheet: string;
  header: Raw;
  mainClass: string;
  notice?: string | undefined;
  body: Raw;
  status: number;
  headers: Record<string, string>;
}

/**
 * A page that is nobody's but one person's: plain HTML under the site's strict CSP (no inline
 * scripts or styles), one stylesheet, a skip link, never cached and never indexed.
 */
export function privatePage({ title, stylesheet, header, mainClass, notice, body, status, headers }: PrivatePage): Response {
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<link rel="stylesheet" href="${stylesheet}">
</head>
<body>
<a class="skip-link" href="#main">Skip to the content</a>
${header}
<main id="main" class="${mainClass}">
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${body}
</main>
</body>
</html>`;
  return new Response(document.value, { status, headers: { ...PRIVATE_HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...headers } });
}

/** A 303 to a private page, with a notice code it shows (never text from the request). */
export function seeOther(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { ...PRIVATE_HEADERS, Location: location, ...headers } });
}
