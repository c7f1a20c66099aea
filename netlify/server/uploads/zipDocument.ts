/**
 * What a ZIP upload really is, and whether it is safe to keep: a complete .docx or .odt with no
 * macros, no programs inside, and no more in it than its size allows. The checks that need only
 * the central directory run first, so a bomb or a program is refused before anything is inflated.
 */
import { fail, ok, type Result } from '../result.ts';
import { isOpenDocumentText, isWordDocument } from './documentParts.ts';
import { findExecutablePart } from './executableParts.ts';
import { declaresMacros, hasMacroParts } from './macros.ts';
import { openZip } from './readZip.ts';
import { declaresTooMuch, MAX_ZIP_ENTRIES } from './zipBomb.ts';

export type ZipProblem = 'zip_unreadable' | 'zip_bomb' | 'macros' | 'executable_inside';

/** The only parts whose text is read; every other part is inflated just to be counted. */
const PARTS_TO_READ = new Set(['[content_types].xml', 'mimetype']);
/** Those two are a few kilobytes in any real document; one claiming more is not kept in memory. */
const MAX_PART_TO_READ_BYTES = 1024 * 1024;

/** 'docx' or 'odt' for a complete, safe document; null for a zip that is neither. */
export async function inspectZipDocument(bytes: Uint8Array): Promise<Result<'docx' | 'odt' | null, ZipProblem>> {
  const opened = await openZip(bytes, MAX_ZIP_ENTRIES);
  if (!opened.ok) return fail(opened.error === 'too_many_entries' ? 'zip_bomb' : 'zip_unreadable');
  const { entries, inflate } = opened.value;
  const names = entries.map((entry) => entry.name);

  if (declaresTooMuch(entries)) return fail('zip_bomb');
  if (hasMacroParts(names)) return fail('macros');
  if (findExecutablePart(names)) return fail('executable_inside');

  const texts = new Map<string, string>();
  for (const entry of entries) {
    const keep = PARTS_TO_READ.has(entry.name.toLowerCase()) && entry.declaredSize <= MAX_PART_TO_READ_BYTES;
    const inflated = await inflate(entry, keep);
    if (!inflated.ok) return fail(inflated.error === 'larger_than_declared' ? 'zip_bomb' : 'zip_unreadable');
    if (inflated.value) texts.set(entry.name.toLowerCase(), new TextDecoder().decode(inflated.value));
  }

  const contentTypes = texts.get('[content_types].xml');
  if (contentTypes !== undefined && declaresMacros(contentTypes)) return fail('macros');
  if (isWordDocument(names, contentTypes)) return ok('docx');
  if (isOpenDocumentText(names, texts.get('mimetype'))) return ok('odt');
  return ok(null);
}
