/**
 * Reads a form post in any of the three encodings the endpoints accept into plain fields and
 * uploaded files, within a size limit. Every failure is a value with an HTTP status and a
 * sentence for a person.
 */
import { fail, ok, type Result } from './result.ts';

export interface UploadedFile {
  name: string;
  /** What the browser claimed; never trusted (see sniffFileType). */
  type: string;
  size: number;
  bytes: Uint8Array;
}

export interface ParsedBody {
  fields: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

export interface BodyError {
  status: 400 | 413 | 415;
  code: 'unreadable_body' | 'body_too_large' | 'unsupported_type';
  message: string;
}

/** Under Netlify's 6 MB request limit, with room for 5 MB of uploads and the answers. */
export const MAX_BODY_BYTES = 5_800_000;
/** JSON may nest one level (answers: { prompt: text }); anything deeper is not a form. */
const MAX_JSON_DEPTH = 2;
const MAX_FIELDS = 200;
/** The intake takes a resume and a cover letter; no form takes more. */
export const MAX_FILES = 2;

const tooLarge = (): BodyError => ({
  status: 413,
  code: 'body_too_large',
  message: 'That was more than this form can take in one go (about 5.5 MB). If you attached files, try smaller ones.',
});
const unreadable = (detail: string): BodyError => ({
  status: 400,
  code: 'unreadable_body',
  message: `The form could not be read: ${detail}. Please try sending it again.`,
});

async function readLimited(req: Request, maxBytes: number): Promise<Result<Uint8Array, BodyError>> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) return fail(tooLarge());
  if (!req.body) return ok(new Uint8Array());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        return fail(tooLarge());
      }
      chunks.push(value);
    }
  } catch {
    return fail(unreadable('the connection was interrupted'));
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return ok(bytes);
}

function addField(fields: Record<string, unknown>, name: string, value: unknown) {
  const existing = fields[name];
  if (existing === undefined) fields[name] = value;
  else fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}

/** Whether a parsed JSON value nests deeper than `limit`; stops looking as soon as it does. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => nestsDeeperThan(child, limit - 1));
}

/** { answers: { a: "x" } } → { "answers.a": "x" }, the names the HTML form uses. */
function flattenJson(body: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) fields[`${key}.${inner}`] = innerValue;
    } else {
      fields[key] = value;
    }
  }
  return fields;
}

export async function parseBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<Result<ParsedBody, BodyError>> {
  // The media type is case-insensitive; the multipart boundary after it is not (Chrome's has capitals).
  const contentType = req.headers.get('content-type') ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (!['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'].includes(mediaType)) {
    return fail({
      status: 415,
      code: 'unsupported_type',
      message: 'This form accepts a normal web form post or JSON. Please send it from the page on the site.',
    });
  }
  const read = await readLimited(req, maxBytes);
  if (!read.ok) return read;
  const bytes = read.value;

  const fields: Record<string, unknown> = {};
  const files: Record<string, UploadedFile> = {};

  if (mediaType === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return fail(unreadable('it is not valid JSON'));
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(unreadable('expected a JSON object'));
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) return fail(unreadable('it nests deeper than a form can'));
    Object.assign(fields, flattenJson(body as Record<string, unknown>));
  } else if (mediaType === 'application/x-www-form-urlencoded') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fail(unreadable('it is not valid UTF-8 text'));
    }
    for (const [name, value] of new URLSearchParams(text)) addField(fields, name, value);
  } else {
    let form: FormData;
    try {
      form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return fail(unreadable('the multipart body is malformed'));
    }
    for (const [name, value] of form) {
      if (typeof value === 'string') {
        addField(fields, name, value);
      } else if (value.size > 0 || value.name) {
        if (files[name]) return fail(unreadable(`more than one file was sent as "${name}"`));
        if (Object.keys(files).length >= MAX_FILES) return fail(unreadable(`more than ${MAX_FILES} files were attached`));
        files[name] = { name: value.name, type: value.type, size: value.size, bytes: new Uint8Array(await value.arrayBuffer()) };
      }
    }
  }
  if (Object.keys(fields).length + Object.keys(files).length > MAX_FIELDS) return fail(unreadable('it has too many fields'));
  return ok({ fields, files });
}
