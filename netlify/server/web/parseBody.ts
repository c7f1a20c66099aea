/**
 * Reads a form post in any of the three encodings the endpoints accept into plain fields and
 * uploaded files, within a size limit. Every failure is a value with an HTTP status and a
 * sentence for a person.
 */
import { fail, ok, type Result } from '../result.ts';

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
  code: 'unreadable_body' | 'body_too_large' | 'too_many_fields' | 'unsupported_type';
  message: string;
}

/** Under Netlify's 6 MB request limit, with room for 5 MB of uploads and the answers. */
export const MAX_BODY_BYTES = 5_800_000;
/** JSON may nest one level (answers: { prompt: text }); anything deeper is not a form. */
const MAX_JSON_DEPTH = 2;
/**
 * The most values one post may carry, counting every repeat of a name, every multipart part
 * and every item of a JSON list. The intake, the longest form, has about 60 fields; this leaves
 * room, and bounds the work any post can cause before a single answer is read.
 */
export const MAX_FIELDS = 200;
/** The intake takes a resume and a cover letter; no form takes more. */
export const MAX_FILES = 2;

const tooLarge = (): BodyError => ({
  status: 413,
  code: 'body_too_large',
  message: 'That was more than this form can take in one go (about 5.5 MB). If you attached files, try smaller ones.',
});
const tooManyFields = (): BodyError => ({
  status: 413,
  code: 'too_many_fields',
  message: `That post carried more than ${MAX_FIELDS} answers, far more than any form here asks. Please send it from the form on the site.`,
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

/**
 * Gathers name/value pairs, a repeated name into a list that grows in place (copying it per
 * repeat made parsing quadratic: issue 9), and refuses the post past MAX_FIELDS values.
 * A Map, then Object.fromEntries, so a field called "__proto__" is only ever a field.
 */
function collectFields(pairs: Iterable<readonly [string, unknown]>): Result<Map<string, unknown>, BodyError> {
  const fields = new Map<string, unknown>();
  let count = 0;
  for (const [name, value] of pairs) {
    count += Array.isArray(value) ? value.length : 1;
    if (count > MAX_FIELDS) return fail(tooManyFields());
    const existing = fields.get(name);
    if (existing === undefined) fields.set(name, value);
    else if (Array.isArray(existing)) existing.push(value);
    else fields.set(name, [existing, value]);
  }
  return ok(fields);
}

/** Whether a parsed JSON value nests deeper than `limit`; stops looking as soon as it does. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => nestsDeeperThan(child, limit - 1));
}

/** { answers: { a: "x" } } → ["answers.a", "x"], the names the HTML form uses. */
function* flattenJson(body: Record<string, unknown>): Generator<[string, unknown]> {
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) yield [`${key}.${inner}`, innerValue];
    } else {
      yield [key, value];
    }
  }
}

/**
 * How many parts a multipart body holds, counted from its boundary lines before anything is
 * parsed, and only as far as `limit`: a post of 40,000 tiny parts is refused for the price of
 * a byte search rather than 40,000 parsed entries.
 */
function countParts(bytes: Uint8Array, contentType: string, limit: number): number {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return 0;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Every part opens with a delimiter and one more closes the body: limit + 2 are enough to know.
  let delimiters = 0;
  for (let at = body.indexOf(delimiter); at !== -1 && delimiters < limit + 2; at = body.indexOf(delimiter, at + delimiter.length)) delimiters++;
  return Math.max(0, delimiters - 1);
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

  if (mediaType === 'application/json') return readJson(bytes);
  if (mediaType === 'application/x-www-form-urlencoded') return readUrlencoded(bytes);
  return readMultipart(bytes, contentType);
}

function readJson(bytes: Uint8Array): Result<ParsedBody, BodyError> {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return fail(unreadable('it is not valid JSON'));
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(unreadable('expected a JSON object'));
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) return fail(unreadable('it nests deeper than a form can'));
  const fields = collectFields(flattenJson(body as Record<string, unknown>));
  return fields.ok ? ok({ fields: Object.fromEntries(fields.value), files: {} }) : fields;
}

function readUrlencoded(bytes: Uint8Array): Result<ParsedBody, BodyError> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(unreadable('it is not valid UTF-8 text'));
  }
  const fields = collectFields(new URLSearchParams(text));
  return fields.ok ? ok({ fields: Object.fromEntries(fields.value), files: {} }) : fields;
}

async function readMultipart(bytes: Uint8Array, contentType: string): Promise<Result<ParsedBody, BodyError>> {
  if (countParts(bytes, contentType, MAX_FIELDS) > MAX_FIELDS) return fail(tooManyFields());
  let form: FormData;
  try {
    form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return fail(unreadable('the multipart body is malformed'));
  }
  const texts: [string, string][] = [];
  const files = new Map<string, UploadedFile>();
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      texts.push([name, value]);
    } else if (value.size > 0 || value.name) {
      if (files.has(name)) return fail(unreadable(`more than one file was sent as "${name}"`));
      if (files.size >= MAX_FILES) return fail(unreadable(`more than ${MAX_FILES} files were attached`));
      files.set(name, { name: value.name, type: value.type, size: value.size, bytes: new Uint8Array(await value.arrayBuffer()) });
    }
  }
  const fields = collectFields(texts);
  return fields.ok ? ok({ fields: Object.fromEntries(fields.value), files: Object.fromEntries(files) }) : fields;
}
