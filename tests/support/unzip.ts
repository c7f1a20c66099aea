/** Reading the desk's exports back as a spreadsheet program would: unzip (yauzl, as the uploads check does) and parse each CSV. */
import { parse } from 'csv-parse/sync';
import { openZip } from '#server/uploads/readZip.ts';

/** Every entry of a zip answer, by name, inflated. */
export async function unzipAnswer(response: Response): Promise<Map<string, Buffer>> {
  const opened = await openZip(new Uint8Array(await response.arrayBuffer()), 10_000);
  if (!opened.ok) throw new Error(`Not a readable zip: ${opened.error}`);
  const entries = new Map<string, Buffer>();
  for (const entry of opened.value.entries) {
    const bytes = await opened.value.inflate(entry, true);
    if (!bytes.ok || !bytes.value) throw new Error(`Entry ${entry.name} does not inflate: ${bytes.ok ? 'empty' : bytes.error}`);
    entries.set(entry.name, Buffer.from(bytes.value));
  }
  return entries;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A CSV file's rows as objects by header, and whether it starts with UTF-8's byte-order mark. */
export function readCsv(bytes: Buffer | undefined): { bom: boolean; headers: string[]; rows: Record<string, string>[] } {
  if (!bytes) throw new Error('No such CSV in the export');
  const bom = bytes.subarray(0, 3).equals(BOM);
  const [headers = [], ...lines] = parse(bytes.subarray(bom ? 3 : 0).toString('utf8')) as string[][];
  return { bom, headers, rows: lines.map((cells) => Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? '']))) };
}
