/**
 * Submission ids and content hashes. One rule decides what counts as "the same submission":
 * the same id with the same content (a double click, a resend after a timeout) is one
 * submission; the same id with different content (a page restored by the back/forward cache,
 * changed and sent again) is a new one, under an id derived from both.
 */
import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** JSON with object keys sorted at every level, so equal answers always hash alike. */
function canonicalJson(value: unknown): string {
  // Bytes are hashed by their digest, never as answers (see contentHash).
  if (ArrayBuffer.isView(value) || value instanceof Blob) throw new TypeError('Files are hashed by their digest, not as answers');
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

/** A SHA-256 shaped as a UUID (version 8, "custom"), so every id looks alike. */
function uuidFromHex(hex: string): string {
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The digest of an uploaded file's bytes. */
export const fileDigest = (bytes: Uint8Array) => sha256(bytes);

/**
 * What a submission says: its validated answers (never the raw body, whose multipart boundary
 * changes from one send to the next) and the digests of its files.
 */
export function contentHash(kind: string, answers: Record<string, unknown>, fileDigests: Record<string, string>): string {
  return sha256(canonicalJson({ kind, answers, files: fileDigests }));
}

/** The id the page sent, if it is a well-formed UUID; `invalid` if it sent something else. */
export function givenId(value: unknown): string | undefined | 'invalid' {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : 'invalid';
}

/**
 * The id to store under. Pages with JavaScript send a fresh UUID per form; a plain HTML form
 * has none, so its id comes from the content, and the same answers posted twice land once.
 */
export function submissionId(kind: string, given: string | undefined, hash: string): string {
  return given ?? uuidFromHex(sha256(`${kind}\n${hash}`));
}

/** The id for content that arrived under an id already holding other content. */
export function divergedId(id: string, hash: string): string {
  return uuidFromHex(sha256(`${id}\n${hash}`));
}

/**
 * The id of a submission made by acting on something with an id of its own (a one-time link's
 * `lid`): acting on it twice stores one submission, whatever was posted the second time.
 */
export function idFromKey(purpose: string, key: string): string {
  return uuidFromHex(sha256(`${purpose}\n${key}`));
}
