/**
 * Comments: what waits for the coach's decision (Approve, Reject, Reply), what was held as spam
 * (Release, Delete), what is published (Edit, Delete, Reply) and what she rejected (Approve after
 * all, Delete). The same actions as the links in the moderation emails (comments/moderation.ts),
 * so nothing waits unseen when an email goes astray or the hourly cap held it back. The page
 * reads the store as it is: a change shows here at once, and on the site after its next build.
 */
import { randomUUID } from 'node:crypto';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { releaseHeldComment } from '#server/comments/acceptComment.ts';
import { commentDepsOfDesk } from '../deskDeps.ts';
import { sendReplyNotice } from '#server/comments/commentMail.ts';
import type { CommentEntry, HeldComment } from '#server/comments/commentStore.ts';
import { approveComment, deleteComment, editPublished, MAX_REPLY_LENGTH, rejectComment, replyToComment } from '#server/comments/moderation.ts';
import { commentAnchor, postPath, type PublishedComment } from '#server/comments/published.ts';
import { parseBody } from '#server/web/parseBody.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { deskPage } from '../layout.ts';
import { html, type Raw } from '#server/web/html.ts';
import { seeOther } from '#server/web/privatePage.ts';
import type { DeskContext, Route } from '../context.ts';

export const COMMENTS_PAGE = '/coach/comments/';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SLUG = /^[a-z0-9][a-z0-9/_-]{0,199}$/i;

/** The notice after an action (`?done=<code>`): fixed words, never text from the address. */
const NOTICES: Record<string, string> = {
  approved: 'Approved. It is published with the site’s next build.',
  rejected: 'Rejected. It stays off the site; the reader is not told.',
  replied: 'Your reply is published with the site’s next build.',
  'replied-notified': 'Your reply is published with the site’s next build, and the reader gets one email with it.',
  edited: 'Saved. The change shows on the site with its next build.',
  deleted: 'Deleted, with everything stored about it. The site drops it with its next build.',
  released: 'Released: it waits for your approval below.',
  'held-deleted': 'Deleted.',
  'still-held': 'It does not pass the form’s checks, so it stays held.',
  'is-published': 'It is already published: nothing changed. Delete it to take it down.',
  'was-rejected': 'It was rejected: nothing changed. Approve it among the rejected ones to publish it after all.',
  'reply-empty': 'Nothing was published: the reply was empty.',
  'edit-empty': 'Nothing was saved: a comment cannot be empty. Delete it instead.',
  gone: 'It is no longer there: it was deleted, erased or already dealt with.',
  unavailable: 'The desk could not reach its storage, so nothing changed. Please try again in a minute.',
};

const noticeOf = (url: URL) => {
  const code = url.searchParams.get('done');
  return code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined;
};
const back = (code: string, anchor = '') => seeOther(`${COMMENTS_PAGE}?done=${code}${anchor ? `#${anchor}` : ''}`);

const paragraphs = (text: string): Raw[] => text.split(/\n{2,}/).map((p) => html`<p>${p.split('\n').map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}</p>`);

const action = (path: string, fields: Record<string, string>, label: string, secondary = false) =>
  html`<form method="post" action="/api/coach/comments/${path}">${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}<button type="submit"${secondary ? html` class="secondary"` : ''}>${label}</button></form>`;

function replyForm(parent: CommentEntry) {
  const id = `reply-${parent.id}`;
  return html`<details><summary>Reply</summary>
<form method="post" action="/api/coach/comments/reply" class="desk-form">
<input type="hidden" name="id" value="${parent.id}"><input type="hidden" name="replyId" value="${randomUUID()}">
<label for="${id}">Your reply to ${parent.name}${parent.notify ? ' (they asked to be emailed when you reply)' : ''}</label>
<textarea id="${id}" name="reply" rows="5" maxlength="${MAX_REPLY_LENGTH}" required></textarea>
<button type="submit">Publish my reply${parent.state === 'pending' ? ' and approve the comment' : ''}</button>
</form></details>`;
}

function editForm(comment: PublishedComment) {
  const id = `edit-${comment.id}`;
  return html`<details><summary>Edit</summary>
<form method="post" action="/api/coach/comments/edit" class="desk-form">
<input type="hidden" name="id" value="${comment.id}"><input type="hidden" name="post" value="${comment.postSlug}">
${comment.byCoach ? '' : html`<label for="${id}-name">Name</label><input id="${id}-name" name="name" value="${comment.name}" maxlength="80" required>
<label for="${id}-website">Website</label><input id="${id}-website" name="website" type="url" value="${comment.website ?? ''}" maxlength="300">`}
<label for="${id}-body">Comment</label>
<textarea id="${id}-body" name="body" rows="6" maxlength="${MAX_REPLY_LENGTH}" required>${comment.body}</textarea>
<button type="submit">Save</button>
</form></details>`;
}

function eraseForm(entry: CommentEntry) {
  const id = `erase-${entry.id}`;
  return html`<details><summary>Erase everything from this address</summary>
<form method="post" action="/api/coach/erase" class="desk-form">
<input type="hidden" name="client" value="${emailHash(entry.email)}">
<p>Deletes every comment from this address, published or not, and anything else stored from it. It cannot be undone.</p>
<label for="${id}">Type their email address to confirm</label>
<input id="${id}" name="email" type="email" autocomplete="off" required maxlength="254">
<button type="submit" class="secondary">Erase everything from this address</button>
</form></details>`;
}

const EMAIL_STATES: Record<CommentEntry['moderation']['status'], string> = {
  pending: 'email to you on its way',
  sent: 'emailed to you',
  failed: 'the email to you failed',
  capped: 'not emailed: the hour’s moderation emails were used up',
  'not-needed': 'released from spam here',
};

function postLink(context: DeskContext, slug: string) {
  return html`<a href="${postPath(slug)}">${context.deps.catalog.posts[slug]?.title ?? slug}</a>`;
}

function readerComment(context: DeskContext, entry: CommentEntry, buttons: Raw, extra: Raw | string = '') {
  const { settings } = context;
  const flags = (entry.flags ?? []).map((flag) => ({ 'fast-send': 'sent very quickly', 'released-from-spam': 'released from spam' })[flag] ?? flag);
  return html`<article class="item" id="${commentAnchor(entry.id)}">
<h3>${entry.name} on ${postLink(context, entry.postSlug)}</h3>
<p class="meta">${entry.email}${entry.website ? html` · ${entry.website}` : ''} · ${formatInZone(new Date(entry.createdAt), settings.timeZone)}${entry.state === 'pending' ? html` · ${EMAIL_STATES[entry.moderation.status]}` : ''}${flags.length > 0 ? html` · ${flags.join(', ')}` : ''}${entry.notify ? ' · wants an email when you reply' : ''}</p>
${paragraphs(entry.body)}
<div class="actions">${buttons}</div>
${extra}
</article>`;
}

function heldItem(context: DeskContext, held: HeldComment) {
  const text = (name: string) => (typeof held.fields[name] === 'string' ? (held.fields[name] as string) : '');
  return html`<article class="item">
<h3>${text('name') || 'No name given'} on ${text('post')}</h3>
<p class="meta">${text('email') || 'no email given'}${text('website') ? html` · ${text('website')}` : ''} · ${formatInZone(new Date(held.createdAt), context.settings.timeZone)} · held because ${held.reason === 'honeypot' ? 'a hidden field people never see was filled in' : held.reason}</p>
${paragraphs(text('comment'))}
<div class="actions">${action('release', { id: held.id }, 'Not spam: keep it for approval')}${action('delete-held', { id: held.id }, 'Delete', true)}</div>
</article>`;
}

function replyItem(context: DeskContext, reply: PublishedComment) {
  return html`<div class="item" id="${commentAnchor(reply.id)}">
<p class="meta">Your reply · ${formatInZone(new Date(reply.createdAt), context.settings.timeZone)}${reply.editedAt ? ' · edited' : ''}</p>
${paragraphs(reply.body)}
<div class="actions">${action('delete', { id: reply.id, post: reply.postSlug }, 'Delete this reply', true)}</div>
${editForm(reply)}
</div>`;
}

async function list(context: DeskContext): Promise<Response> {
  const { deps, url, settings } = context;
  const [entries, held, published, rebuild, notices] = await Promise.all([
    deps.comments.listEntries(),
    deps.comments.listHeld(),
    deps.comments.listPublished(),
    deps.comments.getRebuild(),
    deps.comments.listNotices(),
  ]);
  if (!entries.ok || !held.ok || !published.ok || !rebuild.ok || !notices.ok) {
    return deskPage({ title: 'Comments', current: COMMENTS_PAGE, status: 503, body: html`<h1>Comments</h1><p>The desk cannot reach its storage just now. Please try again in a minute.</p>` });
  }
  const waiting = entries.value.filter((e) => e.state === 'pending');
  const approved = entries.value.filter((e) => e.state === 'approved').reverse();
  const rejected = entries.value.filter((e) => e.state === 'rejected').reverse();
  const copies = new Map(published.value.map((c) => [c.id, c]));
  const repliesTo = (id: string) => published.value.filter((c) => c.byCoach && c.parentId === id);
  const state = rebuild.value;
  const failedNotices = notices.value.filter((n) => n.email.status === 'failed').length;

  const publishedItem = (entry: CommentEntry) => {
    const copy = copies.get(entry.id);
    return readerComment(
      context,
      copy ? { ...entry, name: copy.name, body: copy.body, ...(copy.website ? { website: copy.website } : {}) } : entry,
      action('delete', { id: entry.id, post: entry.postSlug }, 'Delete', true),
      html`${copy ? editForm(copy) : ''}${replyForm(entry)}${repliesTo(entry.id).map((reply) => replyItem(context, reply))}${eraseForm(entry)}`,
    );
  };

  return deskPage({
    title: 'Comments',
    current: COMMENTS_PAGE,
    ...(noticeOf(url) ? { notice: noticeOf(url)! } : {}),
    body: html`<h1>Comments</h1>
<p>Readers’ comments appear under a post once you approve them, with the site’s next build${state?.requestedAt && state.requestedAt !== state.builtFor ? html` (one is waiting, asked for ${formatInZone(new Date(state.requestedAt), settings.timeZone)})` : ''}. Emails never appear on the site.</p>
${failedNotices > 0 ? html`<p class="notice">${failedNotices === 1 ? 'One reply email' : `${failedNotices} reply emails`} could not be sent: the email provider refused ${failedNotices === 1 ? 'it' : 'them'} (see “Waiting to be emailed” for the setting to fix).</p>` : ''}
<section aria-labelledby="waiting-heading">
<h2 id="waiting-heading">Waiting for you (${waiting.length})</h2>
${waiting.length === 0 ? html`<p>Nothing is waiting.</p>` : waiting.map((entry) =>
  readerComment(context, entry, html`${action('approve', { id: entry.id }, 'Approve')}${action('reject', { id: entry.id }, 'Reject', true)}${action('delete', { id: entry.id, post: entry.postSlug }, 'Delete', true)}`, html`${replyForm(entry)}${eraseForm(entry)}`))}
</section>
<section aria-labelledby="held-heading">
<h2 id="held-heading">Held as spam (${held.value.length})</h2>
${held.value.length === 0 ? html`<p>Nothing is held.</p>` : [...held.value].reverse().map((h) => heldItem(context, h))}
</section>
<section aria-labelledby="published-heading">
<h2 id="published-heading">Published (${approved.length})</h2>
${approved.length === 0 ? html`<p>Nothing is published yet.</p>` : approved.map(publishedItem)}
</section>
<section aria-labelledby="rejected-heading">
<h2 id="rejected-heading">Rejected (${rejected.length})</h2>
<p class="meta">Kept 90 days from when they arrived, then deleted.</p>
${rejected.length === 0 ? html`<p>Nothing was rejected.</p>` : rejected.map((entry) =>
  readerComment(context, entry, html`${action('approve', { id: entry.id, afterRejecting: 'yes' }, 'Approve after all')}${action('delete', { id: entry.id, post: entry.postSlug }, 'Delete', true)}`))}
</section>`,
  });
}

/** The posted form's text fields. */
async function fieldsOf(req: Request): Promise<Record<string, string>> {
  const parsed = await parseBody(req);
  if (!parsed.ok) return {};
  return Object.fromEntries(Object.entries(parsed.value.fields).map(([name, value]) => [name, typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '']));
}

async function audit(context: DeskContext, action: string, id: string) {
  const found = await context.deps.comments.get(id);
  const email = found.ok ? found.value?.email : undefined;
  await context.audit(action, { subject: `comment/${id}`, ...(email ? { client: emailHash(email) } : {}) });
}

/** Runs one action on the comment the form names, and goes back to the page with its outcome. */
function act(run: (context: DeskContext, fields: Record<string, string>) => Promise<Response>): Route['handle'] {
  return async (context) => {
    const fields = await fieldsOf(context.req);
    if (!ID.test(fields.id ?? '') || (fields.post !== undefined && !SLUG.test(fields.post))) return back('gone');
    return run(context, fields);
  };
}

const approve = act(async (context, { id, afterRejecting }) => {
  const approved = await approveComment(id!, commentDepsOfDesk(context.deps), { afterRejecting: afterRejecting === 'yes' });
  if (!approved.ok) return back('unavailable');
  if (approved.value === 'approved') await audit(context, 'comment-approve', id!);
  return back({ approved: 'approved', 'already-approved': 'approved', 'was-rejected': 'was-rejected', 'not-found': 'gone' }[approved.value], commentAnchor(id!));
});

const reject = act(async (context, { id }) => {
  const rejected = await rejectComment(id!, commentDepsOfDesk(context.deps));
  if (!rejected.ok) return back('unavailable');
  if (rejected.value === 'rejected') await audit(context, 'comment-reject', id!);
  return back({ rejected: 'rejected', 'already-rejected': 'rejected', 'is-published': 'is-published', 'not-found': 'gone' }[rejected.value]);
});

const reply = act(async (context, { id, replyId, reply: text }) => {
  if (!text) return back('reply-empty', commentAnchor(id!));
  if (!ID.test(replyId ?? '') || text.length > MAX_REPLY_LENGTH) return back('gone');
  const deps = commentDepsOfDesk(context.deps);
  const replied = await replyToComment(id!, replyId!, text, deps);
  if (!replied.ok) return back('unavailable');
  const result = replied.value;
  if (result.outcome === 'not-found') return back('gone');
  if (result.outcome === 'was-rejected') return back('was-rejected');
  if (result.outcome === 'replied') await audit(context, 'comment-reply', id!);
  if (result.notify) context.waitUntil(sendReplyNotice(result.reply.id, deps));
  return back(result.notify ? 'replied-notified' : 'replied', commentAnchor(result.reply.id));
});

const edit = act(async (context, { id, post, body, name, website }) => {
  if (!body) return back('edit-empty', commentAnchor(id!));
  if (!post || body.length > MAX_REPLY_LENGTH || (name !== undefined && (!name || name.length > 80)) || (website && !/^https?:\/\/[^\s]+\.[^\s]+$/i.test(website))) return back('gone');
  const edited = await editPublished(post, id!, { body, ...(name ? { name } : {}), ...(website ? { website } : {}) }, commentDepsOfDesk(context.deps));
  if (!edited.ok) return back('unavailable');
  if (edited.value === 'edited') await audit(context, 'comment-edit', id!);
  return back(edited.value === 'edited' ? 'edited' : 'gone', commentAnchor(id!));
});

const remove = act(async (context, { id, post }) => {
  // Recorded first: deleting takes the address the log's entry would name.
  await audit(context, 'comment-delete', id!);
  const deleted = await deleteComment(post ?? '', id!, commentDepsOfDesk(context.deps));
  if (!deleted.ok) return back('unavailable');
  return back(deleted.value === 'deleted' ? 'deleted' : 'gone');
});

const release = act(async (context, { id }) => {
  const released = await releaseHeldComment(id!, commentDepsOfDesk(context.deps));
  if (!released.ok) return back('unavailable');
  if (released.value.outcome === 'released') await audit(context, 'comment-release', released.value.id);
  return back({ released: 'released', 'not-found': 'gone', 'still-held': 'still-held' }[released.value.outcome]);
});

const removeHeld = act(async (context, { id }) => {
  const removed = await context.deps.comments.deleteHeld(id!);
  if (!removed.ok) return back('unavailable');
  if (removed.value.length === 0) return back('gone');
  await context.audit('comment-delete-held', { subject: `comment/${id}` });
  return back('held-deleted');
});

export const COMMENT_ROUTES: Route[] = [
  { method: 'GET', path: COMMENTS_PAGE, handle: list },
  { method: 'POST', path: '/api/coach/comments/approve', handle: approve },
  { method: 'POST', path: '/api/coach/comments/reject', handle: reject },
  { method: 'POST', path: '/api/coach/comments/reply', handle: reply },
  { method: 'POST', path: '/api/coach/comments/edit', handle: edit },
  { method: 'POST', path: '/api/coach/comments/delete', handle: remove },
  { method: 'POST', path: '/api/coach/comments/release', handle: release },
  { method: 'POST', path: '/api/coach/comments/delete-held', handle: removeHeld },
];
