/**
 * The frame of a client's own pages (/my/): the desk's private-page frame (desk/layout.ts
 * privatePage: strict CSP, never cached, never indexed) with the site's name and a sign-out button;
 * robots.txt disallows /my/, and the search index is built from dist/, where these pages never are.
 */
import { PRIVATE_HEADERS, privatePage } from '../web/privatePage.ts';
import { html, type Raw } from '../web/html.ts';

/** The desk's private-page headers: no-store, noindex, the site's security headers. */
export const MY_HEADERS = PRIVATE_HEADERS;

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
  return privatePage({
    title: `${title} · Unstuck`,
    stylesheet: '/styles/my.css',
    header: html`<header class="my-header"><p><a href="/">Unstuck</a></p>${signedIn ? html`<form method="post" action="/my/sign-out"><button type="submit" class="link-button">Sign out</button></form>` : ''}</header>`,
    mainClass: 'my-main',
    notice,
    body,
    status,
    headers,
  });
}

export function mySeeOther(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { ...MY_HEADERS, Location: location, ...headers } });
}
