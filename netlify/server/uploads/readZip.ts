/**
 * The zip reader every document check goes through: yauzl, which reads the central directory
 * (names and declared sizes) before anything is inflated, and checks names for "../" and
 * absolute paths. We count inflated bytes ourselves, so a declared size that lies is caught
 * while inflating, a few kilobytes past the lie, not after the damage.
 *
 * Why yauzl: it follows the spec (central directory first, never scanning for local headers),
 * streams each entry through Node's own zlib, and is pure JavaScript, so it bundles into a
 * Netlify Function. fflate's one-call unzip inflates a whole entry before anyone can count it,
 * and its streaming reader walks local headers, which can disagree with the directory.
 */
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { fail, ok, type Result } from '../result.ts';

export interface ZipEntry {
  /** The path inside the zip, decoded and checked by yauzl. */
  name: string;
  /** What the central directory says the entry inflates to; may be a lie (see inflateEntry). */
  declaredSize: number;
}

export interface OpenedZip {
  entries: readonly ZipEntry[];
  /**
   * Inflates one entry, refusing as soon as more bytes come out than it declared. Returns the
   * bytes when `keep` is true; otherwise they are only counted and dropped.
   */
  inflate(entry: ZipEntry, keep: boolean): Promise<Result<Uint8Array | null, 'unreadable' | 'larger_than_declared'>>;
}

/** Deflate (8) or stored (0): what every word processor writes and yauzl can read. */
const READABLE_METHODS = new Set([0, 8]);

/** Reads a zip's central directory, inflating nothing; refuses past `maxEntries` before listing them. */
export function openZip(bytes: Uint8Array, maxEntries: number): Promise<Result<OpenedZip, 'unreadable' | 'too_many_entries'>> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve) => {
    // validateEntrySizes is off because inflateEntry enforces the declared size itself, and
    // tells a lie apart from damage.
    fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: false }, (error, zip) => {
      if (error) return resolve(fail('unreadable'));
      if (zip.entryCount > maxEntries) return resolve(fail('too_many_entries'));
      const found = new Map<ZipEntry, Entry>();
      zip.on('error', () => resolve(fail('unreadable')));
      zip.on('entry', (entry: Entry) => {
        found.set({ name: entry.fileName, declaredSize: entry.uncompressedSize }, entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve(ok({ entries: [...found.keys()], inflate: (entry, keep) => inflateEntry(zip, found.get(entry)!, keep) })));
      zip.readEntry();
    });
  });
}

function inflateEntry(zip: ZipFile, entry: Entry, keep: boolean): Promise<Result<Uint8Array | null, 'unreadable' | 'larger_than_declared'>> {
  if (entry.isEncrypted() || !READABLE_METHODS.has(entry.compressionMethod)) return Promise.resolve(fail('unreadable'));
  return new Promise((resolve) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return resolve(fail('unreadable'));
      const chunks: Buffer[] = [];
      let inflated = 0;
      stream.on('data', (chunk: Buffer) => {
        inflated += chunk.byteLength;
        if (inflated > entry.uncompressedSize) {
          stream.destroy();
          return resolve(fail('larger_than_declared'));
        }
        if (keep) chunks.push(chunk);
      });
      stream.on('error', () => resolve(fail('unreadable')));
      stream.on('end', () => resolve(ok(keep ? new Uint8Array(Buffer.concat(chunks)) : null)));
    });
  });
}
