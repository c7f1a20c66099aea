/**
 * Stuck: every "I'm stuck" request the coach has not yet dealt with, the most urgent first, each
 * with "Mark handled" once she has been in touch. The inbox shows how many wait (stuckCount).
 */
import { DESK_STUCK_PATH } from '#server/paths.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { parseBody } from '#server/web/parseBody.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { deskPage } from '../layout.ts';
import { html } from '#server/web/html.ts';
import { seeOther } from '#server/web/privatePage.ts';
import type { DeskContext, Route } from '../context.ts';
import { countOpenStuck, openStuckRequests, type OpenStuckRequest } from '#server/stuck/stuckRequests.ts';
import { fromNowInWords } from '#server/emails/timeInWords.ts';
import { noticeOf } from './notice.ts';


function item(request: OpenStuckRequest, timeZone: string, now: Date) {
  const at = new Date(request.at);
  return html`<article class="item" id="stuck-${request.id}">
<h2><a href="${request.clientUrl}">${request.name}</a> ${request.ask}</h2>
<p class="meta"><time datetime="${request.at}">${formatInZone(at, timeZone)}</time>, ${fromNowInWords(at, now)}</p>
<dl>
<dt>What is going on</dt><dd>${request.what}</dd>
<dt>Email</dt><dd><a href="mailto:${request.email}">${request.email}</a></dd>
${request.reply === 'call' ? html`<dt>Phone</dt><dd>${request.phone ?? 'not given; it may be on their intake'}</dd>` : ''}
</dl>
<form method="post" action="/api/coach/stuck/handled"><input type="hidden" name="id" value="${request.id}"><button type="submit">Mark handled</button></form>
</article>`;
}

async function list({ url, deps, settings, now }: DeskContext): Promise<Response> {
  const notice = noticeOf(url);
  const open = await openStuckRequests({ store: deps.store });
  if (!open.ok) return deskPage({ title: 'Stuck', current: DESK_STUCK_PATH, status: 503, body: html`<h1>Stuck</h1><p>The desk cannot reach its storage just now. Please try again in a minute.</p>` });
  return deskPage({
    title: 'Stuck',
    current: DESK_STUCK_PATH,
    ...(notice ? { notice } : {}),
    body: html`<h1>Stuck</h1>
<p>Clients who asked for a call or an email between sessions. Each stays here until you mark it handled.</p>
${open.value.length === 0 ? html`<p>Nobody is waiting.</p>` : open.value.map((request) => item(request, settings.timeZone, now))}`,
  });
}

async function markHandled(context: DeskContext): Promise<Response> {
  const { req, deps, now } = context;
  const parsed = await parseBody(req);
  const id = parsed.ok ? parsed.value.fields.id : undefined;
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return seeOther(`${DESK_STUCK_PATH}?done=gone`);
  const found = await deps.store.get('stuck', id.toLowerCase());
  if (!found.ok) return seeOther(`${DESK_STUCK_PATH}?done=unavailable`);
  if (!found.value) return seeOther(`${DESK_STUCK_PATH}?done=gone`);
  const marked = await deps.store.markHandled('stuck', found.value.record.id, now);
  if (!marked.ok) return seeOther(`${DESK_STUCK_PATH}?done=unavailable`);
  if (!marked.value) return seeOther(`${DESK_STUCK_PATH}?done=gone`);
  const email = found.value.record.data.email;
  await context.audit('stuck-handled', { subject: `stuck/${found.value.record.id}`, ...(typeof email === 'string' ? { client: emailHash(email) } : {}) });
  return seeOther(`${DESK_STUCK_PATH}?done=stuck-handled`);
}

/** The line on the inbox that says how many clients wait, linking to the queue; nothing when none do. */
export async function stuckCount(deps: DeskContext['deps']) {
  const count = await countOpenStuck(deps.store);
  if (!count.ok || count.value === 0) return '';
  return html`<p class="item"><strong><a href="${DESK_STUCK_PATH}">${count.value === 1 ? 'One client is stuck' : `${count.value} clients are stuck`}</a></strong>: they asked for a call or an email.</p>`;
}

export const STUCK_ROUTES: Route[] = [
  { method: 'GET', path: DESK_STUCK_PATH, handle: list },
  { method: 'POST', path: '/api/coach/stuck/handled', handle: markHandled },
];
