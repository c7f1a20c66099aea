/**
 * The frame of every desk page: the private page frame (web/privatePage.ts) with the desk's
 * navigation, which a keyboard and a screen reader can follow.
 */
import { html, raw, type Raw } from '../web/html.ts';
import { privatePage } from '../web/privatePage.ts';



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
