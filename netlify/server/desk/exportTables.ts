/**
 * What the export's spreadsheets hold: one table per kind of thing stored, a row per item,
 * columns the union of every row's fields under the labels the client read, values as the
 * coach reads them (option labels, Yes/No, file names). Fields no longer in a form (an
 * exercise since changed) keep a column under their own name, so nothing stored is left out.
 * Turned into CSV by exportZip.ts.
 */
import type { FieldDef } from '#src/forms/fields.ts';
import type { Catalog } from '../catalog.ts';
import { displayValue, isStoredUpload } from '../emails/fieldsTable.ts';
import { emailHash } from '../submissions/submissionStore.ts';
import { type SpamRecord, type SubmissionRecord } from '../submissions/records.ts';
import type { AuditEntry, Note } from './deskStore.ts';
import { labelsOf } from './formLabels.ts';

export interface Table {
  columns: { key: string; header: string }[];
  rows: Record<string, string>[];
}

/** Any stored value as text: objects (a file) as JSON rather than "[object Object]". */
const asText = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** Columns in order of first appearance; a label used by two fields is told apart by the field's name. */
function columnsOf(fixed: Table['columns'], found: Map<string, string>): Table['columns'] {
  const labels = [...found.values()];
  const dynamic = [...found].map(([key, label]) => ({ key: `field:${key}`, header: labels.indexOf(label) === labels.lastIndexOf(label) ? label : `${label} (${key})` }));
  return [...fixed, ...dynamic];
}

const oldestFirst = (a: { createdAt: string }, b: { createdAt: string }) => a.createdAt.localeCompare(b.createdAt);

/**
 * One kind's submissions (all of one kind), oldest first. `handled`, for kinds the coach marks
 * handled ("I'm stuck"), adds when she did, by record id.
 */
export function submissionTable(records: readonly SubmissionRecord[], catalog: Catalog, handled?: ReadonlyMap<string, string>): Table {
  const found = new Map<string, string>();
  const rows = [...records].sort(oldestFirst).map((record) => {
    const defs: Record<string, FieldDef> = { ...labelsOf(record.kind).fieldsFor(record.data, catalog) };
    const row: Record<string, string> = { id: record.id, createdAt: record.createdAt, flags: (record.flags ?? []).join(' '), ...(handled ? { handledAt: handled.get(record.id) ?? '' } : {}) };
    for (const [name, def] of Object.entries(defs)) if (!found.has(name)) found.set(name, def.label);
    for (const [name, value] of Object.entries(record.data)) {
      if (!found.has(name)) found.set(name, name);
      const def = defs[name];
      row[`field:${name}`] = def ? (displayValue(def, value) ?? '') : isStoredUpload(value) ? value.fileName : asText(value);
    }
    return row;
  });
  const fixed = [
    { key: 'id', header: 'Submission id' },
    { key: 'createdAt', header: 'Received (UTC)' },
    { key: 'flags', header: 'Flags' },
    ...(handled ? [{ key: 'handledAt', header: 'Handled (UTC)' }] : []),
  ];
  return { columns: columnsOf(fixed, found), rows };
}

/** Posts held as spam, as they were sent (unvalidated), oldest first. */
export function spamTable(held: readonly SpamRecord[], catalog: Catalog): Table {
  const found = new Map<string, string>();
  const rows = [...held].sort(oldestFirst).map((post) => {
    const defs: Record<string, FieldDef> = { ...labelsOf(post.form).fieldsFor(post.fields, catalog) };
    const row: Record<string, string> = { id: post.id, createdAt: post.createdAt, form: post.form, reason: post.reason, files: post.files.map((f) => f.name).join(', ') };
    for (const [name, value] of Object.entries(post.fields)) {
      if (!found.has(name)) found.set(name, defs[name]?.label ?? name);
      row[`field:${name}`] = asText(value);
    }
    return row;
  });
  const fixed = [
    { key: 'id', header: 'Held post id' },
    { key: 'createdAt', header: 'Received (UTC)' },
    { key: 'form', header: 'Form' },
    { key: 'reason', header: 'Why it was held' },
    { key: 'files', header: 'Files (kept unopened)' },
  ];
  return { columns: columnsOf(fixed, found), rows };
}

/** The coach's notes, with the address each client last gave where a submission of theirs is in the export. */
export function notesTable(notes: readonly { client: string; note: Note }[], records: readonly (SubmissionRecord | SpamRecord)[]): Table {
  const emails = new Map<string, string>();
  for (const record of records) {
    const email = 'data' in record ? record.data.email : record.fields.email;
    if (typeof email === 'string') emails.set(emailHash(email), email);
  }
  return {
    columns: [
      { key: 'client', header: 'Client code' },
      { key: 'email', header: 'Email' },
      { key: 'note', header: 'Note' },
      { key: 'updatedAt', header: 'Last saved (UTC)' },
    ],
    rows: notes.map(({ client, note }) => ({ client, email: emails.get(client) ?? '', note: note.text, updatedAt: note.updatedAt })),
  };
}

/** The activity log, oldest first; clients by code, as it is kept. */
export function activityTable(entries: readonly AuditEntry[]): Table {
  return {
    columns: [
      { key: 'at', header: 'When (UTC)' },
      { key: 'action', header: 'What' },
      { key: 'client', header: 'Client code' },
      { key: 'subject', header: 'About' },
    ],
    rows: [...entries].sort((a, b) => a.at.localeCompare(b.at)).map((e) => ({ at: e.at, action: e.action, client: e.client ?? '', subject: e.subject ?? '' })),
  };
}
