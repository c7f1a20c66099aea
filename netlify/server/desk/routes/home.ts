/**
 * `/coach/`: the sign-in page for a visitor; for the signed-in coach, the inbox: every
 * submission, newest first, from the inbox index (docs/decisions/007-inbox-index.md), with its
 * state, filtered by kind and state, searched by name or email, a page at a time.
 */
import { SUBMISSION_KINDS, type SubmissionKind } from '#src/forms/kinds.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { commentsWaitingCount } from '#server/comments/commentsWaiting.ts';
import { listInbox, pendingKeysOf, type InboxItem, type InboxQuery, type InboxState } from '#server/inbox/inboxIndex.ts';
import type { InboxKind } from '#server/inbox/inboxEntry.ts';
import { deskPage } from '../layout.ts';
import { html } from '#server/web/html.ts';
import { loopQueueCounts, loopQueuesSummary } from './loopQueues.ts';
import type { DeskContext, Route } from '../context.ts';
import { checkSession } from '../session.ts';
import { noticeOf } from './notice.ts';
import { signInPage } from './signIn.ts';
import { stuckCount } from './stuck.ts';

const KIND_LABELS: Record<InboxKind, string> = {
  intake: 'Intake',
  commitment: 'Homework',
  response: 'Exercise',
  reflection: 'Reflection',
  'check-in': 'Check-in',
  stuck: 'I’m stuck',
  spam: 'Held as spam',
};
const STATE_LABELS: Record<InboxState, string> = {
  new: 'New',
  read: 'Read',
  pending: 'Email waiting',
  spam: 'Held as spam',
  flagged: 'Flagged',
};

/** The query from the address, each part checked against what it may be. */
function queryOf(url: URL): InboxQuery {
  const kind = url.searchParams.get('kind') ?? '';
  const state = url.searchParams.get('state') ?? '';
  const page = Number(url.searchParams.get('page') ?? '1');
  const search = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  return {
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
    ...(Object.hasOwn(KIND_LABELS, kind) ? { kind: kind as InboxKind } : {}),
    ...(Object.hasOwn(STATE_LABELS, state) ? { state: state as InboxState } : {}),
    ...(search ? { query: search } : {}),
  };
}

const linkTo = (query: InboxQuery, page: number) => {
  const params = new URLSearchParams({ ...(query.kind ? { kind: query.kind } : {}), ...(query.state ? { state: query.state } : {}), ...(query.query ? { q: query.query } : {}), page: String(page) });
  return `/coach/?${params}`;
};

function row(item: InboxItem, timeZone: string) {
  const noun = item.kind === 'spam' ? `${SUBMISSION_KINDS[item.form ?? 'intake'].noun}, held as spam` : SUBMISSION_KINDS[item.kind as SubmissionKind].noun;
  return html`<tr>
<td><a href="/coach/clients/${item.emailHash}/">${item.name || item.email}</a><br><span class="meta">${item.email}</span></td>
<td>${noun}<br><span class="meta">${item.summary}</span></td>
<td>${formatInZone(new Date(item.createdAt), timeZone)}</td>
<td>${item.states.map((state) => html`<span class="state">${STATE_LABELS[state]}</span> `)}</td>
</tr>`;
}

function filters(query: InboxQuery) {
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="/coach/" class="filters" role="search">
<label>Kind <select name="kind">${option('', 'Every kind', !query.kind)}${Object.entries(KIND_LABELS).map(([value, label]) => option(value, label, query.kind === value))}</select></label>
<label>State <select name="state">${option('', 'Any state', !query.state)}${Object.entries(STATE_LABELS).map(([value, label]) => option(value, label, query.state === value))}</select></label>
<label>Client name or email <input type="search" name="q" value="${query.query ?? ''}" maxlength="100"></label>
<button type="submit">Show</button>
</form>`;
}

/** "3 comments wait for your approval, 1 held as spam": on the desk's home, so nothing waits unseen. */
function commentsLine(waiting: number, held: number): string {
  const parts = [
    ...(waiting > 0 ? [`${waiting} ${waiting === 1 ? 'comment waits' : 'comments wait'} for your approval`] : []),
    ...(held > 0 ? [`${held} ${held === 1 ? 'comment' : 'comments'} held as spam`] : []),
  ];
  return parts.join(', ');
}

async function inbox({ url, deps, settings }: DeskContext, notice: string | undefined): Promise<Response> {
  const query = queryOf(url);
  const [pending, counts] = await Promise.all([deps.store.listPending(), loopQueueCounts(deps.loop)]);
  const listed = pending.ok ? await listInbox(deps.deskBlobs, pendingKeysOf(pending.value), query) : pending;
  if (!listed.ok) return deskPage({ title: 'Inbox', current: '/coach/', status: 503, body: html`<h1>Inbox</h1><p>The desk cannot reach its storage just now. Please try again in a minute.</p>` });
  const { entries, page, hasMore } = listed.value;
  const comments = await commentsWaitingCount(deps);
  return deskPage({
    title: 'Inbox',
    current: '/coach/',
    ...(notice ? { notice } : {}),
    body: html`<h1>Inbox</h1>
${comments.ok && comments.value.count + comments.value.held > 0 ? html`<p><a href="/coach/comments/">${commentsLine(comments.value.count, comments.value.held)}</a></p>` : ''}
${loopQueuesSummary(counts.ok ? counts.value : null)}
${await stuckCount(deps)}
${filters(query)}
${entries.length === 0
  ? html`<p>${query.kind || query.state || query.query ? 'Nothing matches.' : 'Nothing has arrived yet.'}</p>`
  : html`<table class="inbox"><caption class="meta">Newest first${page > 1 ? html`, page ${page}` : ''}</caption>
<thead><tr><th scope="col">Client</th><th scope="col">What</th><th scope="col">When</th><th scope="col">State</th></tr></thead>
<tbody>${entries.map((item) => row(item, settings.timeZone))}</tbody></table>`}
<nav class="pager" aria-label="Inbox pages">
${page > 1 ? html`<a href="${linkTo(query, page - 1)}" rel="prev">Newer</a>` : html`<span></span>`}
${hasMore ? html`<a href="${linkTo(query, page + 1)}" rel="next">Older</a>` : html`<span></span>`}
</nav>`,
  });
}

export const HOME_ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/coach/',
    public: true,
    async handle(context) {
      const { req, url, deps, settings, now } = context;
      const session = await checkSession(req, { secret: settings.secret, siteUrl: settings.siteUrl, desk: deps.desk, now });
      const notice = noticeOf(url);
      if (!session.signedIn) return session.unavailable ? signInPage('The desk cannot reach its storage just now. Please try again in a minute.', 503) : signInPage(notice);
      return inbox(context, notice);
    },
  },
];
