/**
 * What an upload's first bytes say it is, never its name or the type the browser claimed.
 * A ZIP is only a container here: whether it is a .docx or an .odt, and a safe one, is for
 * uploads/zipDocument.ts to find out by reading it. Anything not recognised (programs,
 * archives, images, scripts…) comes back as null.
 */
import { UPLOAD_TYPES, type UploadType } from '#src/forms/uploads.ts';
import { looksLikeMarkup } from './markupText.ts';

export type Sniffed = Exclude<UploadType, 'docx' | 'odt'> | 'zip' | 'markup';

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((byte, i) => bytes[i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const PDF = ascii('%PDF-');
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const RTF = ascii('{\\rtf');
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** Text as a plain .txt holds it: valid UTF-8 (a byte-order mark is dropped), no binary control bytes. */
function decodeText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- finding control bytes is the point
  return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text) ? null : text;
}

export function sniffFileType(bytes: Uint8Array): Sniffed | null {
  if (bytes.length === 0) return null;
  if (startsWith(bytes, PDF)) return 'pdf';
  if (startsWith(bytes, RTF)) return 'rtf';
  if (startsWith(bytes, OLE2)) return 'doc';
  if (startsWith(bytes, ZIP)) return 'zip';
  const text = decodeText(bytes);
  if (text === null || text.trimStart().startsWith('#!')) return null;
  return looksLikeMarkup(text) ? 'markup' : 'txt';
}

export function contentTypeOf(type: UploadType): string {
  return UPLOAD_TYPES.find((t) => t.type === type)!.contentType;
}
