/**
 * Decides what an upload really is from its first bytes, never from its name or the type the
 * browser claimed. Only the document types the intake accepts are recognised; anything else
 * (executables, archives, scripts, images…) comes back as null.
 */
import { UPLOAD_TYPES, type UploadType } from '../../src/forms/uploads.ts';

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  signature.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const PDF = ascii('%PDF-');
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const RTF = ascii('{\\rtf');
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ODT_MIMETYPE = ascii('mimetypeapplication/vnd.oasis.opendocument.text');

/** Names of the entries in a ZIP's central directory (enough to tell a .docx from a .zip). */
function zipEntryNames(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
  for (let eocd = bytes.length - 22; eocd >= Math.max(0, bytes.length - 65_557); eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    const count = view.getUint16(eocd + 10, true);
    let offset = view.getUint32(eocd + 16, true);
    const names: string[] = [];
    for (let i = 0; i < count && offset + 46 <= bytes.length; i++) {
      if (view.getUint32(offset, true) !== 0x02014b50) break;
      const nameLength = view.getUint16(offset + 28, true);
      const extraLength = view.getUint16(offset + 30, true);
      const commentLength = view.getUint16(offset + 32, true);
      names.push(new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength)));
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return [];
}

/** Plain text: valid UTF-8, no NUL or other binary control bytes, and not a script. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- finding control bytes is the point
  if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return false;
  const start = text.trimStart().slice(0, 200).toLowerCase();
  return !(start.startsWith('#!') || start.startsWith('<?php') || start.startsWith('<script') || start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<svg'));
}

export function sniffFileType(bytes: Uint8Array): UploadType | null {
  if (bytes.length === 0) return null;
  if (startsWith(bytes, PDF)) return 'pdf';
  if (startsWith(bytes, RTF)) return 'rtf';
  if (startsWith(bytes, OLE2)) return 'doc';
  if (startsWith(bytes, ZIP)) {
    if (startsWith(bytes, ODT_MIMETYPE, 30)) return 'odt';
    const names = zipEntryNames(bytes);
    if (names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('word/'))) return 'docx';
    return null;
  }
  return isPlainText(bytes) ? 'txt' : null;
}

export function contentTypeOf(type: UploadType): string {
  return UPLOAD_TYPES.find((t) => t.type === type)!.contentType;
}
