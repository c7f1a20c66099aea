/**
 * The homework loop's two queues for the coach, listed from the loop's markers (never by reading
 * every commitment): **Overdue**, commitments with no answer after the follow-up, and **To text**,
 * steps for clients who prefer texts, which the coach sends from her own phone (there is no text
 * provider) and then clears with "Done, I texted". docs/decisions/011-homework-loop.md.
 */
import { DESK_OVERDUE_PATH, DESK_TEXTS_PATH } from '#server/paths.ts';
import type { Commitment } from '#src/forms/commitment.ts';
import type { Intake } from '#src/forms/intake.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { commitmentForm } from '#server/submissions/forms/commitment.ts';
import { intakeForm } from '#server/submissions/forms/intake.ts';
import { storedRecordFor } from '#server/submissions/forms/storedRecord.ts';
import { OVERDUE_PREFIX, TEXTS_PREFIX, textKey, type LoopState, type LoopStep, type LoopStore } from '#server/loop/loopStore.ts';
import { parseBody } from '#server/web/parseBody.ts';
import { ok, type Result } from '#server/result.ts';
import type { Stored, SubmissionRecord } from '#server/submissions/records.ts';
import type { StoreError, SubmissionStore } from '#server/submissions/submissionStore.ts';
import { deskPage } from '../layout.ts';
import { html, type Raw } from '#server/web/html.ts';
import { seeOther } from '#server/web/privatePage.ts';
import type { DeskContext, Route } from '../context.ts';
import { deadlineInWords, recordAnchor } from '../timeline.ts';
import { clientPath } from '#server/paths.ts';
import { noticeOf } from './notice.ts';


/** A To text marker: the commitment (an id as the pipeline makes them) and the step. */
const TEXT_MARKER = /^texts\/([0-9a-f-]{36})\.(reminder|check-in|follow-up)$/;

/** What the coach's text is for, by the step it stands in for. */
const TEXT_ABOUT: Record<LoopStep, string> = {
  reminder: 'a reminder before the deadline',
  'check-in': 'the check-in: ask how it went (Done, Partly or Not yet)',
  'follow-up': 'a gentle follow-up: no answer yet since the check-in',
};

/** How many commitments are overdue and how many texts are waiting, for the desk's home. */
export async function loopQueueCounts(loop: LoopStore): Promise<Result<{ overdue: number; texts: number }, StoreError>> {
  const [overdue, texts] = await Promise.all([loop.listMarks(OVERDUE_PREFIX), loop.listMarks(TEXTS_PREFIX)]);
  if (!overdue.ok) return overdue;
  if (!texts.ok) return texts;
  return ok({ overdue: overdue.value.length, texts: texts.value.length });
}

/** The two queues on the desk's home: each with its count, linking to its page. */
export function loopQueuesSummary(counts: { overdue: number; texts: number } | null): Raw {
  const count = (n: number | undefined) => (n === undefined ? 'could not be counted just now' : n === 0 ? 'none' : String(n));
  return html`<section class="queues" aria-labelledby="queues-heading">
<h2 id="queues-heading">Homework waiting on you</h2>
<ul>
<li><a href="${DESK_OVERDUE_PATH}">Overdue</a>: ${count(counts?.overdue)}</li>
<li><a href="${DESK_TEXTS_PATH}">To text</a>: ${count(counts?.texts)}</li>
</ul>
</section>`;
}

interface CommitmentAndLoop {
  id: string;
  record: SubmissionRecord<Stored<Commitment>> | null;
  state: LoopState | null;
}

async function commitmentAndLoop(deps: { store: SubmissionStore; loop: LoopStore }, id: string): Promise<Result<CommitmentAndLoop, StoreError>> {
  const [found, loop] = await Promise.all([deps.store.get('commitment', id), deps.loop.get(id)]);
  if (!found.ok) return found;
  if (!loop.ok) return loop;
  return ok({ id, record: found.value ? storedRecordFor(commitmentForm, found.value.record) : null, state: loop.value?.state ?? null });
}

/** The phone number on the client's most recent intake that gave one. */
async function latestPhone(store: SubmissionStore, client: string): Promise<Result<string | undefined, StoreError>> {
  const pointers = await store.listClient(client);
  if (!pointers.ok) return pointers;
  const intakes: SubmissionRecord<Stored<Intake>>[] = [];
  for (const { kind, id } of pointers.value) {
    if (kind !== 'intake') continue;
    const found = await store.get('intake', id);
    if (!found.ok) return found;
    const intake = found.value ? storedRecordFor(intakeForm, found.value.record) : null;
    if (intake) intakes.push(intake);
  }
  intakes.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return ok(intakes.map((intake) => intake.data.phone?.trim()).find(Boolean));
}

/** The deadline in the coach's zone, and in the client's when it is another. */
const deadlineWords = (record: SubmissionRecord<Stored<Commitment>>, timeZone: string) => deadlineInWords(record, timeZone)?.words ?? record.data.when;

/** The client's name, linking to the commitment on their page. */
const whose = (record: SubmissionRecord<Stored<Commitment>>, state: LoopState) =>
  html`<a href="${clientPath(state.clientHash)}#${recordAnchor(record)}">${record.data.name}</a>`;

const notStored = (id: string) => html`<article class="item"><p>A commitment (<code>${id}</code>) is listed here but no longer stored: it may have been erased.</p></article>`;

const unavailable = (title: string, path: string) =>
  deskPage({ title, current: path, status: 503, body: html`<h1>${title}</h1><p>The desk cannot reach its storage just now. Please try again in a minute.</p>` });

async function overduePage({ deps, settings, url }: DeskContext): Promise<Response> {
  const marks = await deps.loop.listMarks(OVERDUE_PREFIX);
  if (!marks.ok) return unavailable('Overdue homework', DESK_OVERDUE_PATH);
  const items: CommitmentAndLoop[] = [];
  for (const key of marks.value) {
    const id = key.slice(OVERDUE_PREFIX.length);
    const read = await commitmentAndLoop(deps, id);
    if (!read.ok) return unavailable('Overdue homework', DESK_OVERDUE_PATH);
    items.push(read.value);
  }
  // The longest overdue first.
  items.sort((a, b) => (a.state?.deadline ?? '').localeCompare(b.state?.deadline ?? ''));
  const notice = noticeOf(url);
  return deskPage({
    title: 'Overdue homework',
    current: DESK_OVERDUE_PATH,
    ...(notice ? { notice } : {}),
    body: html`<h1>Overdue homework</h1>
<p>Commitments with no answer after the check-in and its follow-up, the longest overdue first. Each stays here until it is answered, by the client or by you from their page.</p>
${items.length === 0
  ? html`<p>Nothing is overdue.</p>`
  : items.map((item) =>
      item.record && item.state
        ? html`<article class="item">
<h2>${whose(item.record, item.state)}</h2>
<p>${item.record.data.what}</p>
<p class="meta">Was due ${deadlineWords(item.record, settings.timeZone)}</p>
</article>`
        : notStored(item.id),
    )}`,
  });
}

/** A phone number as a `tel:` link: digits and a leading plus only, whatever else was typed. */
const telHref = (phone: string) => `tel:${phone.replace(/(?!^\+)[^\d]/g, '')}`;

async function textsPage({ deps, settings, url }: DeskContext): Promise<Response> {
  const marks = await deps.loop.listMarks(TEXTS_PREFIX);
  if (!marks.ok) return unavailable('To text', DESK_TEXTS_PATH);
  const phones = new Map<string, string | undefined>();
  const items: { item: CommitmentAndLoop; step: LoopStep; phone: string | undefined }[] = [];
  for (const key of marks.value) {
    const match = TEXT_MARKER.exec(key);
    if (!match) continue;
    const id = match[1]!;
    const step = match[2] as LoopStep;
    const read = await commitmentAndLoop(deps, id);
    if (!read.ok) return unavailable('To text', DESK_TEXTS_PATH);
    const client = read.value.state?.clientHash;
    if (client && !phones.has(client)) {
      const phone = await latestPhone(deps.store, client);
      if (!phone.ok) return unavailable('To text', DESK_TEXTS_PATH);
      phones.set(client, phone.value);
    }
    items.push({ item: read.value, step, phone: client ? phones.get(client) : undefined });
  }
  // The one that fell due first, first.
  const dueAt = ({ item, step }: (typeof items)[number]) => item.state?.plan[step] ?? '';
  items.sort((a, b) => dueAt(a).localeCompare(dueAt(b)));
  const notice = noticeOf(url);
  return deskPage({
    title: 'To text',
    current: DESK_TEXTS_PATH,
    ...(notice ? { notice } : {}),
    body: html`<h1>To text</h1>
<p>These clients prefer check-ins by text, which come from your own phone. Send each, then press “Done, I texted” to take it off the list.</p>
${items.length === 0
  ? html`<p>Nothing to text.</p>`
  : items.map(({ item, step, phone }) => {
      if (!item.record || !item.state) return notStored(item.id);
      const heading = `text-${item.id}-${step}`;
      const planned = item.state.plan[step];
      return html`<article class="item">
<h2 id="${heading}">Text ${whose(item.record, item.state)} at ${phone ? html`<a href="${telHref(phone)}">${phone}</a>` : 'the number on their intake (none was given)'} about “${item.record.data.what}”</h2>
<p>It stands in for ${TEXT_ABOUT[step]}.</p>
<p class="meta">${planned ? html`It fell due ${formatInZone(new Date(planned), settings.timeZone)}. ` : ''}The homework is due ${deadlineWords(item.record, settings.timeZone)}.</p>
<form method="post" action="/api/coach/texts/done"><input type="hidden" name="id" value="${item.id}"><input type="hidden" name="step" value="${step}"><button type="submit" aria-describedby="${heading}">Done, I texted</button></form>
</article>`;
    })}`,
  });
}

/** "Done, I texted": notes when on the step, then takes it off the list (in that order, so a failure between leaves it listed). */
async function texted(context: DeskContext): Promise<Response> {
  const { req, deps, now } = context;
  const parsed = await parseBody(req);
  const fields = parsed.ok ? parsed.value.fields : {};
  const id = typeof fields.id === 'string' ? fields.id : '';
  const step = typeof fields.step === 'string' ? fields.step : '';
  const key = textKey(id, step as LoopStep);
  if (!TEXT_MARKER.test(key)) return seeOther(`${DESK_TEXTS_PATH}?done=gone`);
  const marks = await deps.loop.listMarks(TEXTS_PREFIX);
  if (!marks.ok) return seeOther(`${DESK_TEXTS_PATH}?done=unavailable`);
  if (!marks.value.includes(key)) return seeOther(`${DESK_TEXTS_PATH}?done=gone`);
  const current = await deps.loop.get(id);
  if (!current.ok) return seeOther(`${DESK_TEXTS_PATH}?done=unavailable`);
  const noted = await deps.loop.update(id, (state) => {
    const send = state.sends[step as LoopStep];
    return send && !send.textedAt ? { ...state, sends: { ...state.sends, [step]: { ...send, textedAt: now.toISOString() } } } : null;
  });
  if (!noted.ok) return seeOther(`${DESK_TEXTS_PATH}?done=unavailable`);
  const removed = await deps.loop.unmark(key);
  if (!removed.ok) return seeOther(`${DESK_TEXTS_PATH}?done=unavailable`);
  const client = current.value?.state.clientHash;
  await context.audit('texted', { subject: `commitment/${id}`, ...(client ? { client } : {}) });
  return seeOther(`${DESK_TEXTS_PATH}?done=texted`);
}

export const LOOP_QUEUE_ROUTES: Route[] = [
  { method: 'GET', path: DESK_OVERDUE_PATH, handle: overduePage },
  { method: 'GET', path: DESK_TEXTS_PATH, handle: textsPage },
  { method: 'POST', path: '/api/coach/texts/done', handle: texted },
];
