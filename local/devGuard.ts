/**
 * The /dev/ pages (the outbox and the fault switch) show and change local data, so they answer
 * only the page they belong to and plain tools like curl. Another localhost port counts as
 * "same-site" to a browser, and Vite's dev server allows CORS reads from any localhost origin,
 * so without this guard any page on another port could read the outbox or flip the faults.
 */
import { SECURITY_HEADERS } from '#server/web/securityHeaders.ts';

/** Browsers send Sec-Fetch-Site; these two mean "this origin" and "typed by the user". */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);
/** A DNS-rebinding page reaches 127.0.0.1 under its own host name; only loopback names are ours. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

const isDevPath = (pathname: string) => pathname === '/dev' || pathname.startsWith('/dev/');

/** A 403 for a /dev/ request from another site, origin or host; null when the request may go on. */
export function refuseCrossSite(req: Request): Response | null {
  const url = new URL(req.url);
  if (!isDevPath(url.pathname)) return null;
  const fetchSite = req.headers.get('sec-fetch-site');
  const origin = req.headers.get('origin');
  const host = req.headers.get('host');
  const foreign =
    (fetchSite !== null && !OWN_FETCH_SITES.has(fetchSite)) ||
    (origin !== null && origin !== url.origin) ||
    (host !== null && !LOOPBACK_HOST.test(host));
  if (!foreign) return null;
  return new Response('The local /dev/ pages answer only pages of this site, on this machine.\n', {
    status: 403,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
