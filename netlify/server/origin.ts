/**
 * State-changing endpoints accept posts only from the site's own pages. Browsers say where a
 * request comes from (Sec-Fetch-Site, Origin); a request from another site is refused. There
 * are no CORS headers, so other sites cannot read any answer either. Clients that send neither
 * header (curl, a script) are not browsers acting for someone else, so they are let through.
 */
export function isCrossSite(req: Request, siteUrl: string): boolean {
  const fetchSite = req.headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = req.headers.get('origin');
  if (!origin) return false;
  const allowed = new Set([new URL(req.url).origin, new URL(siteUrl).origin]);
  return !allowed.has(origin);
}

/** Plain http only on this machine; everywhere else the cookie is Secure. */
export const isLocalHttp = (siteUrl: string) => {
  const url = new URL(siteUrl);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
};
