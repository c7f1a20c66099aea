/**
 * Held as spam: each held post with why it was held; "Not spam" delivers it as if it had just
 * arrived (checked against the time it did arrive), "Delete" removes it and its files.
 */
import { SUBMISSION_KINDS } from '#src/forms/kinds.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { handlerOf } from '#server/submissions/forms/index.ts';
import { deleteHeld, releaseHeld } from '#server/submissions/heldSpam.ts';
import { deliver } from '#server/submissions/notify.ts';
import { parseBody } from '#server/web/parseBody.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { type SpamRecord } from '#server/submissions/records.ts';
import { deskPage } from '../layout.ts';
import { html } from '#server/web/html.ts';
import { seeOther } from '#server/web/privatePage.ts';
import type { DeskContext, Route } from '../context.ts';
import { noticeOf } from './notice.ts';

const REASONS: Record<string, string> = { honeypot: 'a hidden field people never see was filled in' };

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const preview = (value: unknown) => text(value).replace(/\s+/g, ' ').trim().slice(0, 200);

function heldItem(held: SpamRecord, timeZone: string) {
  const answers = Object.entries(held.fields).filter(([name, value]) => !['id', 'name', 'email'].includes(name) && preview(value));
  return html`<article class="item">
<h2>${SUBMISSION_KINDS[held.form].noun} from ${preview(held.fields.name) || 'no name given'}</h2>
<p class="meta">${preview(held.fields.email) || 'no email given'} · ${formatInZone(new Date(held.createdAt), timeZone)} · held because ${REASONS[held.reason] ?? held.reason}</p>
${answers.length > 0 ? html`<dl>${answers.slice(0, 6).map(([name, value]) => html`<dt>${name}</dt><dd>${preview(value)}</dd>`)}</dl>` : ''}
${held.files.length > 0 ? html`<p>${held.files.length} file(s), kept unopened: ${held.files.map((f) => f.name).join(', ')}</p>` : ''}
<div class="actions">
<form method="post" action="/api/coach/spam/release"><input type="hidden" name="id" value="${held.id}"><button type="submit">Not spam: deliver it</button></form>
<form method="post" action="/api/coach/spam/delete"><input type="hidden" name="id" value="${held.id}"><button type="submit" class="secondary">Delete</button></form>
</div>
</article>`;
}

async function list({ url, deps, settings }: DeskContext): Promise<Response> {
  const listed = await deps.store.listSpam();
  const notice = noticeOf(url);
  if (!listed.ok) return deskPage({ title: 'Held as spam', current: '/coach/spam/', status: 503, body: html`<h1>Held as spam</h1><p>The desk cannot reach its storage just now. Please try again in a minute.</p>` });
  const held = [...listed.value].reverse();
  return deskPage({
    title: 'Held as spam',
    current: '/coach/spam/',
    ...(notice ? { notice } : {}),
    body: html`<h1>Held as spam</h1>
<p>Posts that looked like spam are kept here, whole, and nobody was emailed about them. Deliver the real ones; delete the rest.</p>
${held.length === 0 ? html`<p>Nothing is held.</p>` : held.map((h) => heldItem(h, settings.timeZone))}`,
  });
}

const idFrom = async (req: Request) => {
  const parsed = await parseBody(req);
  const id = parsed.ok ? parsed.value.fields.id : undefined;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id.toLowerCase() : null;
};

async function release(context: DeskContext): Promise<Response> {
  const { req, deps } = context;
  const id = await idFrom(req);
  if (!id) return seeOther('/coach/spam/?done=gone');
  const held = await deps.store.getSpam(id);
  const released = await releaseHeld(id, deps);
  if (!released.ok) return seeOther(`/coach/spam/?done=${{ not_found: 'gone', unconfirmed: 'unavailable', missing_file: 'still-held', invalid: 'still-held' }[released.reason]}`);
  const email = held.ok && typeof held.value?.fields.email === 'string' ? held.value.fields.email : undefined;
  await context.audit('release', { subject: `${released.kind}/${released.id}`, ...(email ? { client: emailHash(email) } : {}) });
  context.waitUntil(deliver(handlerOf(deps.handlers, released.kind), released.id, deps));
  return seeOther('/coach/spam/?done=released');
}

async function remove(context: DeskContext): Promise<Response> {
  const id = await idFrom(context.req);
  if (!id) return seeOther('/coach/spam/?done=gone');
  const removed = await deleteHeld(id, context.deps);
  if (!removed.ok) return seeOther('/coach/spam/?done=unavailable');
  if (removed.value.length === 0) return seeOther('/coach/spam/?done=gone');
  await context.audit('delete-spam', { subject: `spam/${id}` });
  return seeOther('/coach/spam/?done=deleted');
}

export const SPAM_ROUTES: Route[] = [
  { method: 'GET', path: '/coach/spam/', handle: list },
  { method: 'POST', path: '/api/coach/spam/release', handle: release },
  { method: 'POST', path: '/api/coach/spam/delete', handle: remove },
];
