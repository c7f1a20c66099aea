/**
 * The frame of every desk page: plain HTML with the site's strict CSP (no inline scripts or
 * styles), one stylesheet, a skip link and a navigation a keyboard and a screen reader can
 * follow, never cached, never indexed. Every value is escaped by the caller with `html`.
 */
import { escapeHtml } from '../emails/html.ts';
import { SECURITY_HEADERS } from '../securityHeaders.ts';

/** Headers of every desk answer, pages, files and JSON alike. */
export const DESK_HEADERS = {
  ...SECURITY_HEADERS,
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex, nofollow',
} as const;

/** Already-built HTML: `html` inserts it as it is instead of escaping it again. */
export class Raw {
  // A plain field, not a parameter property: Node runs this file by stripping types (npm run jobs, npm run preview).
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}
export const raw = (value: string) => new Raw(value);

/**
 * Builds HTML, escaping every interpolated value except HTML built the same way, so pieces
 * nest without being escaped twice. Use it for every piece of HTML built from data.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  return new Raw(strings.reduce((out, part, i) => out + part + (i < values.length ? escapeValue(values[i]) : ''), ''));
}

function escapeValue(value: unknown): string {
  if (value instanceof Raw) return value.value;
  if (Array.isArray(value)) return value.map(escapeValue).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

const NAV = [
  { href: '/coach/', label: 'Inbox' },
  { href: '/coach/spam/', label: 'Held as spam' },
  { href: '/coach/pending/', label: 'Waiting to be emailed' },
  { href: '/coach/activity/', label: 'Activity' },
  { href: '/coach/comments/', label: 'Comments' },
] as const;

export interface DeskPage {
  title: string;
  /** The page's main content, built with `html`. */
  body: Raw;
  /** The path of the current page, to mark it in the navigation; omitted on signed-out pages. */
  current?: string;
  /** A short status line shown at the top (e.g. "Released."), announced to screen readers. */
  notice?: string;
  status?: number;
  headers?: Record<string, string>;
}

export function deskPage({ title, body, current, notice, status = 200, headers = {} }: DeskPage): Response {
  const nav = current
    ? html`<nav class="desk-nav" aria-label="Desk">
<ul>${NAV.map((item) => html`<li><a href="${item.href}"${item.href === current ? raw(' aria-current="page"') : ''}>${item.label}</a></li>`)}</ul>
<form method="post" action="/api/coach/sign-out"><button type="submit" class="link-button">Sign out</button></form>
</nav>`
    : '';
  return privatePage({
    title: `${title} · Coach's desk`,
    stylesheet: '/styles/desk.css',
    header: html`<header class="desk-header"><p class="desk-name">Coach's desk</p>${nav}</header>`,
    mainClass: 'desk-main',
    notice,
    body,
    status,
    headers,
  });
}

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
  return new Response(document.value, { status, headers: { ...DESK_HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...headers } });
}

/** A 303 to a desk page, with a notice code it shows (never text from the request). */
export function seeOther(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { ...DESK_HEADERS, Location: location, ...headers } });
}
