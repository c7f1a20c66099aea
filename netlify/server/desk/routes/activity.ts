/** Activity: every action the coach took at the desk, newest first; clients named by a hash, never by address. */
import { formatInZone } from '#src/forms/zonedTime.ts';
import { deskPage } from '../layout.ts';
import { html } from '#server/web/html.ts';
import type { DeskContext, Route } from '../context.ts';

const ACTIONS: Record<string, string> = {
  'sign-in': 'Signed in',
  'sign-out': 'Signed out',
  read: 'Read',
  release: 'Released from spam',
  'delete-spam': 'Deleted a held post',
  'send-now': 'Sent now',
  export: 'Exported',
  erase: 'Erased a client',
  note: 'Saved a note',
  'send-reading': 'Sent something worth reading',
  texted: 'Texted a client (homework)',
  'record-check-in': 'Recorded how homework went',
  'stuck-handled': 'Marked an “I’m stuck” request handled',
  'revoke-links': 'Revoked a client’s page links',
  'comment-approve': 'Approved a comment',
  'comment-reject': 'Rejected a comment',
  'comment-reply': 'Replied to a comment',
  'comment-edit': 'Edited a comment',
  'comment-delete': 'Deleted a comment',
  'comment-release': 'Released a comment from spam',
  'comment-delete-held': 'Deleted a comment held as spam',
};

/** The last three months, this one first. */
function recentMonths(now: Date): string[] {
  return [0, 1, 2].map((back) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7));
}

async function list({ deps, settings, now }: DeskContext): Promise<Response> {
  const listed = await deps.desk.listAudit(recentMonths(now), 200);
  if (!listed.ok) return deskPage({ title: 'Activity', current: '/coach/activity/', status: 503, body: html`<h1>Activity</h1><p>The desk cannot reach its storage just now.</p>` });
  return deskPage({
    title: 'Activity',
    current: '/coach/activity/',
    body: html`<h1>Activity</h1>
<p>What was done at this desk in the last three months. Clients appear by a short code, never by address.</p>
${listed.value.length === 0
  ? html`<p>Nothing yet.</p>`
  : html`<table class="activity"><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">About</th></tr></thead><tbody>
${listed.value.map((entry) => html`<tr><td>${formatInZone(new Date(entry.at), settings.timeZone)}</td><td>${ACTIONS[entry.action] ?? entry.action}</td><td>${[entry.subject, entry.client ? `client ${entry.client.slice(0, 8)}` : ''].filter(Boolean).join(' · ')}</td></tr>`)}
</tbody></table>`}`,
  });
}

export const ACTIVITY_ROUTES: Route[] = [{ method: 'GET', path: '/coach/activity/', handle: list }];
