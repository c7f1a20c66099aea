import { coachLabelOf, type FieldDef, type FieldMap } from '#src/forms/fields.ts';
import type { StoredUpload } from '../submissions/records.ts';
import { html } from '../web/html.ts';
import { httpHref, paragraphs } from './layout.ts';
import { formatBytes } from '#src/forms/uploads.ts';

export function isStoredUpload(value: unknown): value is StoredUpload {
  return typeof value === 'object' && value !== null && 'key' in value && 'fileName' in value;
}

/** A value as the coach reads it: option labels rather than codes, yes/no, a file's name and size. */
export function displayValue(def: FieldDef, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (def.kind === 'checkbox') return value ? 'Yes' : 'No';
  if (def.kind === 'select' || def.kind === 'radio') return def.options.find((o) => o.value === value)?.label ?? String(value);
  if (isStoredUpload(value)) return `${value.fileName} (${formatBytes(value.size)})`;
  return String(value);
}

/** One answered question: its field's name and label for the coach, the value as the coach reads it, and the file if it is one. */
export interface AnswerRow {
  name: string;
  label: string;
  value: string;
  upload?: StoredUpload;
  /** Where a web address the client gave leads, when it is one (http or https only). */
  href?: string;
}

/** Every answered field in form order, hidden fields and `skip` left out: the rows the coach reads, in an email or at the desk. */
export function answerRows(fields: FieldMap, data: Record<string, unknown>, skip: readonly string[] = []): AnswerRow[] {
  return Object.entries(fields)
    .filter(([name, def]) => !skip.includes(name) && def.kind !== 'hidden')
    .flatMap(([name, def]) => {
      const value = displayValue(def, data[name]);
      if (value === undefined) return [];
      const upload = data[name];
      const href = def.kind === 'url' ? httpHref(value) : undefined;
      return [{ name, label: coachLabelOf(def), value, ...(isStoredUpload(upload) ? { upload } : {}), ...(href ? { href } : {}) }];
    });
}

/**
 * Every answered field, in form order, as an HTML table and as plain text. Uploads whose key is
 * in `unattached` are said to be missing rather than attached; `shown` puts some answers in other
 * words than they are stored in (a deadline in words rather than `2026-11-30T18:00`).
 */
export function fieldsTable(
  fields: FieldMap,
  data: Record<string, unknown>,
  { unattached = new Set(), shown = {} }: { unattached?: ReadonlySet<string>; shown?: Readonly<Record<string, string>> } = {},
) {
  const rows = answerRows(fields, data).map((row) =>
    row.upload
      ? { ...row, value: `${row.upload.fileName} (${formatBytes(row.upload.size)}, ${unattached.has(row.upload.key) ? 'NOT attached: it could not be read' : 'attached'})` }
      : Object.hasOwn(shown, row.name) ? { ...row, value: shown[row.name]! } : row,
  );
  const cell = (row: AnswerRow) =>
    row.href ? html`<p style="margin:0 0 12px"><a href="${row.href}">${row.value}</a></p>` : paragraphs(row.value);
  const table = html`<table role="presentation" style="width:100%;border-collapse:collapse">${rows.map(
    (row) =>
      html`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:8px 12px 8px 0;border-top:1px solid #eee;font:600 14px/1.4 sans-serif;width:35%">${row.label}</th><td style="padding:8px 0;border-top:1px solid #eee">${cell(row)}</td></tr>`,
  )}</table>`;
  const text = rows.map((row) => `${row.label}\n${row.value}`).join('\n\n');
  return { html: table, text };
}
