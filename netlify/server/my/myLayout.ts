/**
 * The frame of a client's own pages (/my/): plain HTML under the site's strict CSP (no inline
 * scripts or styles), one stylesheet, a skip link; never cached, never indexed (meta robots and
 * X-Robots-Tag; robots.txt disallows /my/, and the search index is built from dist/, where these
 * pages never are). Every value is escaped with the desk's `html` tag.
 */
import { SECURITY_HEADERS } from '../securityHeaders.ts';
import { html, type Raw } from '../desk/layout.ts';

export const MY_HEADERS = {
  ...SECURITY_HEADERS,
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex, nofollow',
} as const;

export interface MyPage {
  title: string;
  body: Raw;
  /** Shown when the visitor is signed in: the sign-out button. */
  signedIn?: boolean;
  /** A short status line at the top (fixed words), announced to screen readers. */
  notice?: string;
  status?: number;
  headers?: Record<string, string>;
}

export function myPage({ title, body, signedIn = false, notice, status = 200, headers = {} }: MyPage): Response {
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} · Unstuck</title>
<link rel="stylesheet" href="/styles/my.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to the content</a>
<header class="my-header"><p><a href="/">Unstuck</a></p>${signedIn ? html`<form method="post" action="/my/sign-out"><button type="submit" class="link-button">Sign out</button></form>` : ''}</header>
<main id="main" class="my-main">
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${body}
</main>
</body>
</html>`;
  return new Response(document.value, { status, headers: { ...MY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...headers } });
}

export function mySeeOther(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { ...MY_HEADERS, Location: location, ...headers } });
}
