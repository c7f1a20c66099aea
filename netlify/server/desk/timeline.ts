/**
 * One client's submissions as the coach reads them on their page: each with its answers under
 * the form's own labels (the rows the coach's email shows), its files as downloads, a
 * commitment's deadline in words, times in the coach's zone. Held posts are shown apart:
 * never judged, so their files are named but never offered.
 */
import { fromNowInWords } from '../emails/timeInWords.ts';
import type { Commitment } from '#src/forms/commitment.ts';
import { SUBMISSION_KINDS } from '#src/forms/kinds.ts';
import { formatBytes } from '#src/forms/uploads.ts';
import { formatInZone, zonedTimeToUtc } from '#src/forms/zonedTime.ts';
import type { Catalog } from '../catalog.ts';
import { answerRows } from '../emails/fieldsTable.ts';
import { reviewNotes } from '../emails/reviewNotes.ts';
import { commitmentForm } from '../submissions/forms/commitment.ts';
import { storedRecordFor } from '../submissions/forms/storedRecord.ts';
import type { SpamRecord, Stored, StoredUpload, SubmissionRecord } from '../submissions/records.ts';
import { labelsOf } from './formLabels.ts';
import { html, type Raw } from '../web/html.ts';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A download link for a stored file; the key is looked up through its record when followed. */
export const downloadHref = (upload: StoredUpload) => `/api/coach/uploads?key=${encodeURIComponent(upload.key)}`;


/** A commitment's deadline in the coach's zone, and in the client's when it is another; null if it cannot be read. */
export function deadlineInWords(record: SubmissionRecord<Stored<Commitment>>, timeZone: string): { deadline: Date; words: string } | null {
  const { when, timeZone: clientZone } = record.data;
  const deadline = zonedTimeToUtc(when, clientZone);
  if (!deadline) return null;
  return { deadline, words: `${formatInZone(deadline, timeZone)}${clientZone === timeZone ? '' : `, which is ${formatInZone(deadline, clientZone)} for the client`}` };
}

function deadlineLine(record: SubmissionRecord<Stored<Commitment>>, timeZone: string, now: Date): Raw | '' {
  const due = deadlineInWords(record, timeZone);
  if (!due) return '';
  const passed = due.deadline.getTime() <= now.getTime();
  return html`<p class="deadline"><strong>${passed ? 'Was due' : 'Due'} ${fromNowInWords(due.deadline, now)}</strong>: ${due.words}.</p>`;
}

function answer(row: ReturnType<typeof answerRows>[number]): Raw {
  if (!row.upload) return html`<dt>${row.label}</dt><dd>${row.value}</dd>`;
  const { upload } = row;
  return html`<dt>${row.label}</dt><dd><a href="${downloadHref(upload)}" download>${upload.fileName}</a> (${upload.contentType.split(';')[0]}, ${formatBytes(upload.size)})</dd>`;
}

/** The id of a record's article on the client's page, for links within it (`#commitment-<id>`). */
export const recordAnchor = (record: Pick<SubmissionRecord, 'kind' | 'id'>) => `${record.kind}-${record.id}`;

/**
 * A stored submission: its kind and topic, when it came, its flags, its answers and files, and
 * then `after` (a commitment's reminders and check-ins, loopView.ts).
 */
export function recordItem(record: SubmissionRecord, context: { catalog: Catalog; timeZone: string; now: Date }, after: Raw | '' = ''): Raw {
  const handler = labelsOf(record.kind);
  const rows = answerRows(handler.fieldsFor(record.data, context.catalog), record.data, ['name', 'email']);
  const notes = reviewNotes(record.flags).sentences;
  const commitment = storedRecordFor(commitmentForm, record);
  return html`<article class="item" id="${recordAnchor(record)}">
<h3>${capitalised(handler.topic(record.data, context.catalog))}</h3>
<p class="meta"><time datetime="${record.createdAt}">${formatInZone(new Date(record.createdAt), context.timeZone)}</time> · ${SUBMISSION_KINDS[record.kind].noun}</p>
${commitment ? deadlineLine(commitment, context.timeZone, context.now) : ''}
${notes.map((sentence) => html`<p class="meta">${sentence}</p>`)}
<dl>${rows.map(answer)}</dl>
${after}
</article>`;
}

const preview = (value: unknown) => (typeof value === 'string' ? value.replace(/\s+/g, ' ').trim().slice(0, 500) : '');

/** A post held as spam: what it says, as sent, and a pointer to where it is judged. */
export function heldItem(held: SpamRecord, timeZone: string): Raw {
  const fields = Object.entries(held.fields).filter(([name, value]) => !['id', 'name', 'email'].includes(name) && preview(value));
  return html`<article class="item held" id="spam-${held.id}">
<h3>Held as spam: ${SUBMISSION_KINDS[held.form].noun}</h3>
<p class="meta"><time datetime="${held.createdAt}">${formatInZone(new Date(held.createdAt), timeZone)}</time> · not judged yet, never emailed · <a href="/coach/spam/">judge it with the other held posts</a></p>
${fields.length > 0 ? html`<dl>${fields.map(([name, value]) => html`<dt>${name}</dt><dd>${preview(value)}</dd>`)}</dl>` : ''}
${held.files.length > 0 ? html`<p>${held.files.length} file(s), kept unopened and not offered for download until released: ${held.files.map((f) => f.name).join(', ')}</p>` : ''}
</article>`;
}
