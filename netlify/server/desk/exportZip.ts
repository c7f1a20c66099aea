/**
 * An export as a zip, streamed: each entry is made only when the zip reaches it (yazl's lazy
 * entries), so files are read one at a time as the reader takes the bytes, and the answer is
 * held to Netlify's streamed-response limit (20 MB) rather than the buffered one (6 MB). CSV files
 * are UTF-8 with a byte-order mark (so Excel reads accents), CRLF line ends, every value holding
 * a line break quoted (csv-stringify quotes only the record delimiter, CRLF, by default: a bare LF
 * would split a row), and every line a spreadsheet would run as a formula (starting with = + - @,
 * tab or CR) prefixed with ', at the start of the value and after each of its line breaks.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { ZipFile } from 'yazl';
import { SUBMISSION_KINDS, type SubmissionKind } from '#src/forms/kinds.ts';
import type { Catalog } from '../catalog.ts';
import { COMMENT_COLUMNS, commentRows } from '../comments/commentExport.ts';
import type { Logger } from '../log.ts';
import { errorName, type Result } from '../result.ts';
import type { StoreError } from '../submissions/submissionStore.ts';
import { attachmentName } from './attachment.ts';
import { HANDLED_KINDS, type ExportData } from './exportData.ts';
import { activityTable, notesTable, spamTable, submissionTable, type Table } from './exportTables.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A value with every line that could start a formula prefixed with ': its start, and after each CR, LF or CRLF. */
export function defuseFormulas(value: string): string {
  const parts = value.split(/(\r\n|\r|\n)/);
  const lines = parts.map((part, i) => (i % 2 === 0 && FORMULA_START.test(part) ? `'${part}` : part)).join('');
  return FORMULA_START.test(lines) ? `'${lines}` : lines;
}

function csv(table: Table): Readable {
  const columns = table.columns.map((column) => ({ key: column.key, header: defuseFormulas(column.header) }));
  const out = stringify({ bom: true, header: true, columns, quoted_match: /[\r\n]/, record_delimiter: 'windows' });
  Readable.from(table.rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, defuseFormulas(value)])))).pipe(out);
  return out;
}

/** The raw records, one JSON array, written record by record. */
function json(items: readonly unknown[]): Readable {
  return Readable.from(
    (function* () {
      yield '[\n';
      for (const [i, item] of items.entries()) yield `${JSON.stringify(item, null, 2)}${i < items.length - 1 ? ',' : ''}\n`;
      yield ']\n';
    })(),
  );
}

const SLICE_BYTES = 64 * 1024;

/** A file as a stream of slices, so the zip waits for the reader between them rather than taking the file in one gulp. */
function inSlices(bytes: Uint8Array): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.byteLength; at += SLICE_BYTES) yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(SLICE_BYTES, bytes.byteLength - at));
    })(),
  );
}

/** Where a file lands in the zip: one folder per submission, named so that it sorts by date. */
export const uploadPath = ({ record, upload }: ExportData['uploads'][number]) =>
  `uploads/${record.createdAt.slice(0, 10)}-${record.kind}-${record.id}/${attachmentName(upload.fileName)}`;

export interface ZipDeps {
  catalog: Catalog;
  log: Logger;
  /** Reads one file's bytes. */
  readUpload(key: string): Promise<Result<Uint8Array | null, StoreError>>;
}

const MISSING_FILE = 'This file could not be read from storage when it arrived, and the coach’s email went without it too.\r\n';

/** The export as a stream of zip bytes; a failure half-way aborts the stream, so a download is whole or visibly broken. */
export function exportZip(data: ExportData, deps: ZipDeps, now: Date): ReadableStream<Uint8Array> {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  const entry = (name: string, produce: () => Readable | Promise<Readable>, compress = true) =>
    zip.addReadStreamLazy(name, { mtime: now, compress }, (done) => {
      Promise.resolve()
        .then(produce)
        .then(
          (stream) => done(null, stream),
          (error: unknown) => done(error, undefined as never),
        );
    });

  for (const kind of Object.keys(SUBMISSION_KINDS) as SubmissionKind[]) {
    entry(`${kind}.csv`, () => csv(submissionTable(data.records.filter((r) => r.kind === kind), deps.catalog, HANDLED_KINDS.has(kind) ? data.handled : undefined)));
  }
  entry('spam.csv', () => csv(spamTable(data.held, deps.catalog)));
  entry('notes.csv', () => csv(notesTable(data.notes, [...data.records, ...data.held])));
  entry('activity.csv', () => csv(activityTable(data.activity)));
  entry('submissions.json', () => json([...data.records, ...data.held].sort((a, b) => a.createdAt.localeCompare(b.createdAt))));
  entry('loop.json', () => Readable.from([`${JSON.stringify(data.loop, null, 2)}\n`]));
  const { comments } = data;
  if (comments) {
    entry('comments.csv', () => csv({ columns: COMMENT_COLUMNS, rows: commentRows(comments) }));
    entry('comments.json', () => json([...comments.entries, ...comments.held, ...comments.published]));
  }
  for (const file of data.uploads) {
    // Documents are compressed already: stored as they are, which saves the function's time.
    entry(uploadPath(file), async () => {
      const bytes = await deps.readUpload(file.upload.key);
      if (!bytes.ok) throw new ExportFailed(bytes.error.name);
      if (!bytes.value) throw new ExportFailed('UploadGone');
      return inSlices(bytes.value);
    }, false);
  }
  for (const file of data.missingUploads) zip.addBuffer(Buffer.from(MISSING_FILE), `${uploadPath(file)}.missing.txt`, { mtime: now });
  if (data.leftOutUploads.length > 0) {
    const names = data.leftOutUploads.map((file) => `- ${uploadPath(file)} (${file.upload.size} bytes)`).join('\n');
    const note = `These files did not fit in one download (a function can send about 20 MB at most). Download each from the client's page on the desk:\n\n${names}\n`;
    zip.addBuffer(Buffer.from(note), 'files-not-included.txt', { mtime: now });
  }
  zip.on('error', (error: unknown) => {
    deps.log.error('desk.export_failed', { error: errorName(error) });
    output.destroy(error instanceof Error ? error : new ExportFailed(errorName(error)));
  });
  zip.end();
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}

/** Named for the log: which store error, or that a file went while the zip was being written (an erase). */
class ExportFailed extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = `ExportFailed:${reason}`;
  }
}
