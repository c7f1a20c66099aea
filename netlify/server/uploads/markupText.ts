/**
 * Text that is really markup: HTML, SVG or XML (with or without a byte-order mark, an XML
 * prolog, a doctype or a comment first). Saved as .txt it can still run script in whatever
 * opens it as a page or an image, so it is not plain text. Only the start is looked at: markup
 * opens with a tag, and a letter or resume does not.
 */
const OPENS_WITH_A_TAG = /^[\s\p{Cf}]*<[a-z!?]/iu;

export function looksLikeMarkup(text: string): boolean {
  return OPENS_WITH_A_TAG.test(text.slice(0, 1024));
}
