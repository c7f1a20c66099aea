const ownOrigins = (req: Request, siteUrl: string) => new Set([new URL(req.url).origin, new URL(siteUrl).origin]);

/** The origin a Referer names, or null when there is none or it is not a URL. */
function refererOrigin(req: Request): string | null {
  const referer = req.headers.get('referer');
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/**
 * State-changing endpoints accept posts only from the site's own pages. Browsers say where a
 * request comes from (Sec-Fetch-Site, Origin, else Referer); a request from another site is
 * refused. There are no CORS headers, so other sites cannot read any answer either. Clients
 * that send none of the three (curl, a script) are not browsers acting for someone else, so
 * public forms let them through; the desk does not (see `saysWhereItComesFrom`).
 */
export function isCrossSite(req: Request, siteUrl: string): boolean {
  const fetchSite = req.headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = req.headers.get('origin') || refererOrigin(req);
  if (!origin) return false;
  return !ownOrigins(req, siteUrl).has(origin);
}

/** Whether a request carries any of the three headers by which a browser says where it comes from. */
export const saysWhereItComesFrom = (req: Request) => ['sec-fetch-site', 'origin', 'referer'].some((name) => Boolean(req.headers.get(name)));

/**
 * A navigation from the site's own pages (a link or form on the desk), as opposed to one from
 * another site, a typed or bookmarked address, or a mail app. Only such a navigation may
 * pre-fill anything the coach could then send with one press.
 */
export function isSameOriginNavigation(req: Request, siteUrl: string): boolean {
  const fetchSite = req.headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite === 'same-origin';
  const origin = refererOrigin(req);
  return origin !== null && ownOrigins(req, siteUrl).has(origin);
}

/**
 * A view the coach herself opened: from the desk, a typed or bookmarked address, or a link in
 * a mail app (Sec-Fetch-Site `same-origin` or `none`); without that header, a Referer from the
 * site. A view another site caused (a hidden frame, a top-level link) is not her having looked.
 */
export function isOwnView(req: Request, siteUrl: string): boolean {
  if (req.method === 'HEAD') return false;
  const fetchSite = req.headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite === 'same-origin' || fetchSite === 'none';
  return isSameOriginNavigation(req, siteUrl);
}

/** Plain http only on this machine; everywhere else the cookie is Secure. */
export const isLocalHttp = (siteUrl: string) => {
  const url = new URL(siteUrl);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
};
