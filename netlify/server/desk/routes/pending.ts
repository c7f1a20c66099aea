/**
 * Waiting to be emailed: every submission whose emails have not all gone out, with the last
 * error and the next attempt, and "Send now"; and emails the provider refused for good.
 */
import { SUBMISSION_KINDS, type SubmissionKind } from '#src/forms/kinds.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { handlerOf } from '#server/submissions/forms/index.ts';
import { postedIdentity } from '#server/submissions/forms/postedIdentity.ts';
import { deliver } from '#server/submissions/notify.ts';
import { parseBody } from '#server/web/parseBody.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { type NotificationState, type Recipient, type SubmissionRecord } from '#server/submissions/records.ts';
import { deskPage } from '../layout.ts';
import { html } from '#server/web/html.ts';
import { seeOther } from '#server/web/privatePage.ts';
import type { DeskContext, Route } from '../context.ts';
import { noticeOf } from './notice.ts';

const RECIPIENT_NAMES: Record<Recipient, string> = { coach: 'your copy', client: 'the client’s confirmation' };

function stateLine(recipient: Recipient, state: NotificationState, timeZone: string) {
  if (state.status === 'sent') return html`<li>${RECIPIENT_NAMES[recipient]}: sent</li>`;
  const next = state.nextAttemptAt ? html`; next try ${formatInZone(new Date(state.nextAttemptAt), timeZone)}` : '';
  const error = state.lastError ? html`; last error: <code>${state.lastError}</code>` : '';
  const status = state.status === 'failed' ? 'refused for good by the email provider (fix the setting it names, then try again)' : `waiting, ${state.attempts} attempt(s)`;
  return html`<li>${RECIPIENT_NAMES[recipient]}: ${status}${error}${next}</li>`;
}

const hasFailed = (record: SubmissionRecord) => (['coach', 'client'] as const).some((r) => record.notifications[r].status === 'failed');

function item(record: SubmissionRecord, timeZone: string) {
  const { name, email } = postedIdentity(record.data);
  return html`<article class="item">
<h2>${SUBMISSION_KINDS[record.kind].noun} from ${name ?? 'someone'}</h2>
<p class="meta">${formatInZone(new Date(record.createdAt), timeZone)}${email ? html` · <a href="/coach/clients/${emailHash(email)}/">the client’s page</a>` : ''}</p>
<ul>${(['coach', 'client'] as const).map((r) => stateLine(r, record.notifications[r], timeZone))}</ul>
<form method="post" action="/api/coach/pending/send"><input type="hidden" name="kind" value="${record.kind}"><input type="hidden" name="id" value="${record.id}"><button type="submit">${hasFailed(record) ? 'Try again' : 'Send now'}</button></form>
</article>`;
}

async function list({ url, deps, settings }: DeskContext): Promise<Response> {
  const notice = noticeOf(url);
  const [pending, failed] = await Promise.all([deps.store.listPending(), deps.store.listFailed()]);
  if (!pending.ok || !failed.ok) return deskPage({ title: 'Waiting to be emailed', current: '/coach/pending/', status: 503, body: html`<h1>Waiting to be emailed</h1><p>The desk cannot reach its storage just now. Please try again in a minute.</p>` });
  const keys = new Map([...pending.value, ...failed.value].map((p) => [`${p.kind}/${p.id}`, p]));
  const records: SubmissionRecord[] = [];
  for (const { kind, id } of keys.values()) {
    const loaded = await deps.store.get(kind, id);
    if (loaded.ok && loaded.value) records.push(loaded.value.record);
  }
  records.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return deskPage({
    title: 'Waiting to be emailed',
    current: '/coach/pending/',
    ...(notice ? { notice } : {}),
    body: html`<h1>Waiting to be emailed</h1>
<p>These are stored and safe; some of their emails have not gone out yet. The retry job tries again on its own; “Send now” tries at once.</p>
${records.length === 0 ? html`<p>Nothing is waiting.</p>` : records.map((r) => item(r, settings.timeZone))}`,
  });
}

async function sendNow(context: DeskContext): Promise<Response> {
  const { req, deps } = context;
  const parsed = await parseBody(req);
  const kind = parsed.ok ? parsed.value.fields.kind : undefined;
  const id = parsed.ok ? parsed.value.fields.id : undefined;
  if (typeof kind !== 'string' || !Object.hasOwn(SUBMISSION_KINDS, kind) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return seeOther('/coach/pending/?done=gone');
  const submissionKind = kind as SubmissionKind;
  // An email the provider refused for good gets another chance: the coach has fixed the setting.
  const reopened = await deps.store.reopenFailed(submissionKind, id);
  if (!reopened.ok) return seeOther('/coach/pending/?done=unavailable');
  await deliver(handlerOf(deps.handlers, submissionKind), id, deps);
  await context.audit('send-now', { subject: `${kind}/${id}` });
  // Only what is true: "sent" once every email of it has gone.
  const after = await deps.store.get(submissionKind, id);
  const allSent = after.ok && after.value && (['coach', 'client'] as const).every((r) => after.value!.record.notifications[r].status === 'sent');
  return seeOther(`/coach/pending/?done=${allSent ? 'sent' : 'send-later'}`);
}

export const PENDING_ROUTES: Route[] = [
  { method: 'GET', path: '/coach/pending/', handle: list },
  { method: 'POST', path: '/api/coach/pending/send', handle: sendNow },
];
