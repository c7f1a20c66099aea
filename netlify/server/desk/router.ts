/**
 * Every request to the desk: `/coach/…` pages (GET) and `/api/coach/…` actions, one small
 * table of routes. The guard comes first: the desk's settings, other sites, the session.
 * Pages without a session go to the sign-in page; actions without one get 401; any request
 * to `/api/coach/` from another site gets 403, and so does a post to it that does not say where
 * it comes from (every browser does: docs/decisions/013-desk-requests-say-where-they-come-from.md);
 * nothing is cached or indexed.
 */
import { isCrossSite, saysWhereItComesFrom } from '../origin.ts';
import type { DeskContext, Route } from './context.ts';
import type { DeskDeps } from './deskDeps.ts';
import { deskPage } from './layout.ts';
import { html } from '../web/html.ts';
import { seeOther } from '../web/privatePage.ts';
import { checkSession } from './session.ts';
import { ACTIVITY_ROUTES } from './routes/activity.ts';
import { CHECK_IN_ROUTES } from './routes/checkIns.ts';
import { CLIENT_ROUTES } from './routes/client.ts';
import { COMMENT_ROUTES } from './routes/comments.ts';
import { ERASE_ROUTES } from './routes/erase.ts';
import { EXPORT_ROUTES } from './routes/export.ts';
import { HOME_ROUTES } from './routes/home.ts';
import { LOOP_QUEUE_ROUTES } from './routes/loopQueues.ts';
import { NOTE_ROUTES } from './routes/notes.ts';
import { PENDING_ROUTES } from './routes/pending.ts';
import { READING_ROUTES } from './routes/reading.ts';
import { SIGN_IN_ROUTES } from './routes/signIn.ts';
import { SPAM_ROUTES } from './routes/spam.ts';
import { STUCK_ROUTES } from './routes/stuck.ts';
import { CLIENT_LINK_ROUTES } from './routes/clientLinks.ts';
import { UPLOAD_ROUTES } from './routes/uploads.ts';


export const ROUTES: Route[] = [...SIGN_IN_ROUTES, ...HOME_ROUTES, ...SPAM_ROUTES, ...PENDING_ROUTES, ...ACTIVITY_ROUTES, ...CLIENT_ROUTES, ...UPLOAD_ROUTES, ...NOTE_ROUTES, ...ERASE_ROUTES, ...EXPORT_ROUTES, ...READING_ROUTES, ...LOOP_QUEUE_ROUTES, ...CHECK_IN_ROUTES, ...STUCK_ROUTES, ...CLIENT_LINK_ROUTES, ...COMMENT_ROUTES];

function find(method: string, pathname: string): { route: Route; match: string[] } | null {
  for (const route of ROUTES) {
    if (!(route.anyMethod || route.method === method || (method === 'HEAD' && route.method === 'GET'))) continue;
    if (typeof route.path === 'string') {
      if (route.path === pathname) return { route, match: [] };
      continue;
    }
    const match = route.path.exec(pathname);
    if (match) return { route, match: match.slice(1) };
  }
  return null;
}

const notFound = () => deskPage({ title: 'Not found', status: 404, body: html`<h1>Nothing here</h1><p><a href="/coach/">Back to the desk</a></p>` });

export async function handleDesk(req: Request, deps: DeskDeps, waitUntil?: (work: Promise<unknown>) => void): Promise<Response> {
  const url = new URL(req.url);
  const pathname = url.pathname === '/coach' ? '/coach/' : url.pathname;
  const isApi = pathname.startsWith('/api/coach/');
  if (!deps.settings.ready) {
    for (const problem of deps.settings.problems) deps.log.error('desk.missing_setting', { variable: problem.variable });
    const names = deps.settings.problems.map((p) => p.variable).join(', ');
    return deskPage({ title: 'Not set up', status: 503, body: html`<h1>The desk is not set up yet</h1><p>These settings are missing or invalid: ${names}. See docs/operations.md, “Environment variables”.</p>` });
  }
  const settings = deps.settings.value;
  const changesState = req.method !== 'GET' && req.method !== 'HEAD';
  if (isApi && (isCrossSite(req, settings.siteUrl) || req.headers.get('sec-fetch-site') === 'same-site' || (changesState && !saysWhereItComesFrom(req)))) {
    deps.log.warn('desk.cross_site', { path: pathname });
    return deskPage({ title: 'Refused', status: 403, body: html`<h1>Refused</h1><p>The desk only answers its own pages.</p>` });
  }
  const found = find(req.method, pathname);
  if (!found) return req.method === 'GET' || req.method === 'HEAD' ? notFound() : deskPage({ title: 'Not allowed', status: 405, body: html`<h1>Not allowed</h1>` });

  const now = deps.clock();
  let sid = '';
  if (!found.route.public) {
    const session = await checkSession(req, { secret: settings.secret, siteUrl: settings.siteUrl, desk: deps.desk, now });
    if (session.signedIn) sid = session.sid;
    else if (session.unavailable) return deskPage({ title: 'Unavailable', status: 503, body: html`<h1>The desk cannot reach its storage</h1><p>Nothing was changed. Please try again in a minute.</p>` });
    else if (isApi) return deskPage({ title: 'Signed out', status: 401, body: html`<h1>Please sign in again</h1><p>Your session has ended, so nothing was changed. <a href="/coach/">Sign in</a>, then try again.</p>` });
    else return seeOther('/coach/');
  }

  const later: Promise<unknown>[] = [];
  const context: DeskContext = {
    req,
    url,
    deps,
    settings,
    now,
    sid,
    waitUntil: (work) => (waitUntil ? waitUntil(work) : void later.push(work)),
    audit: async (action, about = {}) => {
      const recorded = await deps.desk.audit({ at: deps.clock().toISOString(), action, ...about });
      if (!recorded.ok) deps.log.warn('desk.audit_failed', { action, error: recorded.error.name });
    },
  };
  const response = await found.route.handle(context, found.match);
  // Where the platform cannot keep working after the answer, finish first.
  await Promise.allSettled(later);
  return response;
}
