/**
 * `/coach/clients/<email-hash>/`: everything from one client on one page, newest first (each
 * commitment with its reminders and check-ins as they happen), with the coach's private note,
 * a download of it all, and erasing them. Each view the coach opened herself is recorded in
 * the activity log by the client's hash and marks their submissions read; a view another site
 * caused (a cross-site link or frame, a HEAD) changes nothing, so no one can hide new items.
 */
import { clientPath } from '#server/paths.ts';
import type { Note } from '../deskStore.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { LOOP_STEPS, OVERDUE_PREFIX, overdueKey, TEXTS_PREFIX, textKey, type LoopStore } from '#server/loop/loopStore.ts';
import type { SubmissionRecord } from '#server/submissions/records.ts';
import { loadClient, type ClientRecords } from '../clientRecords.ts';
import { CLIENT_PAGE_SLOTS } from '../clientPageSlots.ts';
import { loopView } from '../loopView.ts';
import { markRead } from '#server/inbox/inboxIndex.ts';
import { isOwnView } from '#server/origin.ts';
import { deskPage } from '../layout.ts';
import { html } from '#server/web/html.ts';
import type { DeskContext, Route } from '../context.ts';
import { heldItem, recordAnchor, recordItem } from '../timeline.ts';
import { noticeOf } from './notice.ts';

export const NOTE_MAX = 5000;


const unavailable = () =>
  deskPage({ title: 'Client', current: '/coach/', status: 503, body: html`<h1>Client</h1><p>The desk cannot reach its storage just now. Please try again in a minute.</p>` });

/** The name and address the client gave most recently (a held post counts: it is all there may be). */
export function identity({ records, held }: ClientRecords): { name: string; email: string } {
  const given = [...records.map((r) => ({ at: r.createdAt, fields: r.data })), ...held.map((h) => ({ at: h.createdAt, fields: h.fields }))].sort((a, b) =>
    b.at.localeCompare(a.at),
  );
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  return { name: given.map((g) => text(g.fields.name)).find(Boolean) ?? '', email: given.map((g) => text(g.fields.email)).find(Boolean) ?? '' };
}

function noteSection(hash: string, note: Note | null, timeZone: string) {
  return html`<section class="item" aria-labelledby="note-heading">
<h2 id="note-heading">Private note</h2>
<p class="meta">Only you see it here; it is never emailed. ${note ? html`Last saved ${formatInZone(new Date(note.updatedAt), timeZone)}.` : ''}</p>
<form method="post" action="/api/coach/notes" class="desk-form">
<input type="hidden" name="client" value="${hash}">
<label for="note">Your note on this client</label>
<textarea id="note" name="note" rows="6" maxlength="${NOTE_MAX}">${note?.text ?? ''}</textarea>
<button type="submit">Save the note</button>
</form>
</section>`;
}

function eraseSection(hash: string) {
  return html`<section class="item" aria-labelledby="erase-heading">
<h2 id="erase-heading">Erase this client</h2>
<p>Deletes everything stored from this client: every submission and file, held posts, your note, and their code in the activity log. It cannot be undone; download it first if it should be kept.</p>
<form method="post" action="/api/coach/erase" class="desk-form">
<input type="hidden" name="client" value="${hash}">
<label for="erase-email">Type the client’s email address to confirm</label>
<input id="erase-email" name="email" type="email" autocomplete="off" required maxlength="254">
<button type="submit" class="secondary">Erase everything from this client</button>
</form>
</section>`;
}

/** The loops of a client's commitments, by commitment id, and the loop markers that name them. */
async function loadLoops(loop: LoopStore, records: SubmissionRecord[], client: string) {
  const commitments = records.filter((record) => record.kind === 'commitment');
  const [states, overdue, texts, settings] = await Promise.all([
    Promise.all(commitments.map((record) => loop.get(record.id))),
    loop.listMarks(OVERDUE_PREFIX),
    loop.listMarks(TEXTS_PREFIX),
    loop.getClient(client),
  ]);
  const failed = [...states, overdue, texts, settings].find((read) => !read.ok);
  if (failed || !overdue.ok || !texts.ok || !settings.ok) return null;
  const loops = new Map(states.flatMap((read) => (read.ok && read.value ? [[read.value.state.commitmentId, read.value.state] as const] : [])));
  return { loops, overdue: new Set(overdue.value), texts: new Set(texts.value), settings: settings.value };
}

async function show(context: DeskContext, [hash]: string[]): Promise<Response> {
  const { deps, settings, url } = context;
  const client = hash!;
  const [loaded, note] = await Promise.all([loadClient(deps.store, client), deps.desk.getNote(client)]);
  if (!loaded.ok || !note.ok) return unavailable();
  const { records, held } = loaded.value;
  const loopsOf = await loadLoops(deps.loop, records, client);
  if (!loopsOf) return unavailable();
  if (records.length === 0 && held.length === 0 && !note.value) {
    return deskPage({ title: 'No such client', current: '/coach/', status: 404, body: html`<h1>Nothing is stored for this client</h1><p>They may have been erased, or their submissions passed the retention period. <a href="/coach/">Back to the inbox</a></p>` });
  }
  if (isOwnView(context.req, settings.siteUrl)) {
    await context.audit('read', { client });
    // Seen: the inbox shows these as read from now on.
    for (const record of records) {
      const marked = await markRead(deps.deskBlobs, record.kind, record.id, record.createdAt);
      if (!marked.ok) deps.log.warn('inbox.mark_read_failed', { kind: record.kind, id: record.id });
    }
  }
  const { name, email } = identity(loaded.value);
  const notice = noticeOf(url);
  const items = { catalog: deps.catalog, timeZone: settings.timeZone, now: context.now };
  const anchors = new Map(records.map((record) => [record.id, recordAnchor(record)]));
  const loopOf = (record: SubmissionRecord) => {
    const state = loopsOf.loops.get(record.id);
    if (!state) return '';
    return loopView({
      state,
      overdue: loopsOf.overdue.has(overdueKey(record.id)),
      toText: new Set(LOOP_STEPS.filter((step) => loopsOf.texts.has(textKey(record.id, step)))),
      anchorOf: (id) => anchors.get(id),
      timeZone: settings.timeZone,
      now: context.now,
      actions: CLIENT_PAGE_SLOTS.commitmentActions({ client, commitmentId: record.id, loop: state, timeZone: settings.timeZone, now: context.now }),
    });
  };
  const slotInput = { client, settings: loopsOf.settings, timeZone: settings.timeZone, now: context.now };
  const clientSlots = [CLIENT_PAGE_SLOTS.remindersStopped(slotInput), CLIENT_PAGE_SLOTS.revokeLinks(slotInput)].filter((slot) => slot !== '');
  const timeline = [
    ...records.map((record) => ({ at: record.createdAt, item: recordItem(record, items, loopOf(record)) })),
    ...held.map((post) => ({ at: post.createdAt, item: heldItem(post, settings.timeZone) })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return deskPage({
    title: name || 'Client',
    current: '/coach/',
    ...(notice ? { notice } : {}),
    body: html`<h1>${name || 'A client with no name given'}</h1>
<p class="meta">${email} · code ${client.slice(0, 8)} · ${records.length} submission(s)${held.length > 0 ? `, ${held.length} held as spam` : ''}</p>
<p class="actions"><a class="button" href="${clientPath(client)}reading/">Send something worth reading</a> <a class="button secondary" href="/api/coach/export?client=${client}" download>Download everything from this client (zip)</a></p>
${clientSlots.length > 0 ? html`<section class="item" aria-labelledby="loop-settings-heading"><h2 id="loop-settings-heading">Reminders and their page</h2>${clientSlots}</section>` : ''}
${noteSection(client, note.value, settings.timeZone)}
<section aria-labelledby="timeline-heading">
<h2 id="timeline-heading">Timeline, newest first</h2>
${timeline.length === 0 ? html`<p>No submissions are stored.</p>` : timeline.map((entry) => entry.item)}
</section>
${eraseSection(client)}`,
  });
}

export const CLIENT_ROUTES: Route[] = [{ method: 'GET', path: /^\/coach\/clients\/([0-9a-f]{32})\/$/, handle: show }];
