/**
 * How a PDF ends. A PDF ends with %%EOF; an edited one has several (each save appends an
 * update ending in its own), so only what follows the last one matters. Anything there but line
 * ends, spaces and NUL padding is another file riding along.
 */
const EOF_MARKER = Buffer.from('%%EOF');
const PADDING = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);

export type PdfEnding = 'clean' | 'no_eof' | 'data_after_eof';

export function pdfEnding(bytes: Uint8Array): PdfEnding {
  const last = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).lastIndexOf(EOF_MARKER);
  if (last === -1) return 'no_eof';
  for (let at = last + EOF_MARKER.length; at < bytes.length; at++) {
    if (!PADDING.has(bytes[at]!)) return 'data_after_eof';
  }
  return 'clean';
}
