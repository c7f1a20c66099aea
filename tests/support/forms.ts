/**
 * Valid answers for each form, with a fresh id and client address per call, and real Requests
 * carrying them in each encoding the endpoints accept.
 */
import { randomUUID } from 'node:crypto';
import { FORM_KINDS, SUBMISSION_KINDS, type FormKind, type SubmissionKind } from '#src/forms/kinds.ts';
import type { FormHandler } from '#server/submissions/forms/formHandler.ts';
import { FORM_HANDLERS, type DataOf, type FormHandlers } from '#server/submissions/forms/index.ts';
import { SITE_URL } from './pipeline';

export type Fields = Record<string, string>;
/** Changes to a valid form: a string replaces a field, undefined removes it. */
export type Changes = Record<string, string | undefined>;

function apply(fields: Fields, changes: Changes): Fields {
  const result: Fields = { ...fields };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}

const client = () => ({ name: 'Ada Lovelace', email: `ada-${randomUUID().slice(0, 8)}@example.org` });

/** Each form page's answers (a check-in is answered from an emailed link: tests/integration/checkIn.test.ts). */
export const VALID: Record<FormKind, (changes?: Changes) => Fields> = {
  intake: (changes = {}) =>
    apply(
      {
        id: randomUUID(),
        ...client(),
        timeZone: 'Europe/London',
        currentSituation: 'Eight years in operations; good at it, tired of it.',
        whyNow: 'A reorganisation made me ask what I actually want.',
        goals: 'Find work that uses my planning skills for something I care about.',
        success3Months: 'A shortlist of directions I have tested.',
        success12Months: 'Working in one of them.',
        strengths: 'Untangling messy projects.',
        values: 'Fairness, craft, time with family.',
        obstacles: 'I tell myself it is too late to switch.',
        accountability: 'email',
        consent: 'on',
      },
      changes,
    ),
  commitment: (changes = {}) =>
    apply(
      {
        id: randomUUID(),
        ...client(),
        what: 'Send two informational-interview requests',
        when: '2026-12-01T09:00',
        timeZone: 'America/Chicago',
        howWillIKnow: 'I will forward you the sent emails.',
        exercise: 'values-card-sort',
      },
      changes,
    ),
  response: (changes = {}) =>
    apply(
      {
        id: randomUUID(),
        ...client(),
        exercise: 'values-card-sort',
        'answers.top-values': 'Honesty, learning, autonomy, kindness, play',
        'answers.surprise': 'Play. I had not thought of it as a value.',
      },
      changes,
    ),
  reflection: (changes = {}) =>
    apply(
      {
        id: randomUUID(),
        ...client(),
        inquiry: 'failing-slowly',
        reflection: 'I keep polishing a side project instead of showing it to anyone.',
      },
      changes,
    ),
  stuck: (changes = {}) =>
    apply(
      {
        id: randomUUID(),
        ...client(),
        what: 'I wrote the two requests and cannot bring myself to send them.',
        reply: 'call',
        phone: '+1 312 555 0100',
        howSoon: 'today',
      },
      changes,
    ),
};

/** Each kind's handler, typed for any kind's answers, so a test can loop over the kinds. */
export const HANDLERS: Record<SubmissionKind, FormHandler<DataOf<SubmissionKind>>> = FORM_HANDLERS;

/**
 * The handlers a test's deps carry, the composition root's (app/formHandlers.ts: a commitment
 * starts its loop, a check-in records its answer), typed as HANDLERS is: what a test posts with.
 */
export const handlersOf = (deps: { handlers: FormHandlers }): Record<SubmissionKind, FormHandler<DataOf<SubmissionKind>>> => deps.handlers;

/** The kinds sent from a form page to their endpoint. */
export const KINDS: FormKind[] = FORM_KINDS;

export type Encoding = 'json' | 'urlencoded' | 'multipart';
export const ENCODINGS: readonly Encoding[] = ['json', 'urlencoded', 'multipart'];

export interface PostOptions {
  encoding?: Encoding;
  /** The Accept header: JSON like the enhanced form by default, 'text/html' like a plain form post. */
  accept?: string;
  files?: Record<string, File>;
}

/** A POST to a form's endpoint, as a browser or a script would send it. */
export function formPost(kind: SubmissionKind, fields: Fields, { encoding = 'json', accept = 'application/json', files = {} }: PostOptions = {}): Request {
  const url = new URL(SUBMISSION_KINDS[kind].endpoint, SITE_URL);
  const headers = { Accept: accept };
  if (encoding === 'json') {
    return new Request(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(fields) });
  }
  if (encoding === 'urlencoded') return new Request(url, { method: 'POST', headers, body: new URLSearchParams(fields) });
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, file] of Object.entries(files)) form.append(name, file);
  return new Request(url, { method: 'POST', headers, body: form });
}

/**
 * The same request with its body as plain bytes, as it arrives from the network. (A body still
 * backed by a FormData makes undici enqueue after the reader is cancelled, which only happens
 * in-process and shows up as an unhandled rejection.)
 */
export async function overTheWire(request: Request): Promise<Request> {
  return new Request(request.url, { method: request.method, headers: request.headers, body: await request.arrayBuffer() });
}

/** Chrome's and Safari's boundary: "----WebKitFormBoundary" and 16 letters and digits, in both cases. */
export function webkitBoundary(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `----WebKitFormBoundary${Array.from(crypto.getRandomValues(new Uint8Array(16)), (n) => alphabet[n % alphabet.length]).join('')}`;
}

/**
 * A multipart body byte for byte as a browser writes it, with the browser's own boundary
 * (undici's FormData always uses a lowercase one), and a file input left empty sent as
 * an empty part with filename="".
 */
export function browserMultipart(fields: Fields, files: Record<string, { name: string; type: string; bytes: Uint8Array }>, boundary: string) {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const [name, file] of Object.entries(files)) {
    parts.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.bytes, encoder.encode('\r\n'));
  }
  parts.push(encoder.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    body.set(part, at);
    at += part.length;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A POST of a form as a browser sends it with `fetch(url, { body: new FormData(form) })`. */
export function browserPost(kind: SubmissionKind, fields: Fields, { boundary = webkitBoundary(), files = {} }: { boundary?: string; files?: Parameters<typeof browserMultipart>[1] } = {}): Request {
  const { body, contentType } = browserMultipart(fields, files, boundary);
  return new Request(new URL(SUBMISSION_KINDS[kind].endpoint, SITE_URL), {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': contentType },
    body: body as BlobPart,
  });
}
