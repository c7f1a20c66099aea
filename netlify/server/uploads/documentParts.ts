/**
 * Whether a zip holds the parts that make a document of its kind: enough that a word
 * processor can open it, checked by name and declared type rather than by parsing the XML.
 */

/** Office Open XML part names are case-insensitive; these are compared lowercased. */
const WORD_PARTS = ['[content_types].xml', '_rels/.rels', 'word/document.xml'];
const WORD_MAIN_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

export const ODT_MIMETYPE = 'application/vnd.oasis.opendocument.text';
const ODT_PARTS = ['content.xml', 'META-INF/manifest.xml'];

/** A .docx: content types declaring a Word main document, the package relationships and the document. */
export function isWordDocument(names: readonly string[], contentTypes: string | undefined): boolean {
  const lower = new Set(names.map((name) => name.toLowerCase()));
  return WORD_PARTS.every((part) => lower.has(part)) && contentTypes?.includes(WORD_MAIN_TYPE) === true;
}

/** An .odt: the "mimetype" entry first, naming a text document, then its content and manifest. */
export function isOpenDocumentText(names: readonly string[], mimetype: string | undefined): boolean {
  return names[0] === 'mimetype' && mimetype?.trim() === ODT_MIMETYPE && ODT_PARTS.every((part) => names.includes(part));
}
