/**
 * Zip bombs, judged on declared sizes before anything is inflated. (Sizes that lie are caught
 * while inflating: see readZip.)
 */
import type { ZipEntry } from './readZip.ts';

/** A .docx holds 10–40 parts and an .odt 15–30; a thousand leaves room for many pictures. */
export const MAX_ZIP_ENTRIES = 1000;

/**
 * The most a document (itself at most 4 MB) may unpack to. Text compresses 10–20 times, so
 * even a long document full of text stays far below; this is also all we ever inflate.
 */
export const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;

export function declaresTooMuch(entries: readonly ZipEntry[]): boolean {
  return entries.reduce((total, entry) => total + entry.declaredSize, 0) > MAX_UNZIPPED_BYTES;
}
