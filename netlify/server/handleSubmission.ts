/**
 * The pipeline every form endpoint shares: parse → validate → store → notify → respond.
 * Dependencies come in as arguments, so tests hand in a real local blob store, a mailer
 * pointed at a fake email API, and a fixed clock.
 */
import { createHash } from 'node:crypto';
import { SUBMISSION_KINDS } from '../../src/forms/kinds.ts';
import { extensionOf } from '../../src/forms/uploads.ts';
import type { Catalog } from './catalog.ts';
import type { FormHandler } from './forms/formHandler.ts';
import { deliver, type NotifyDeps } from './notify.ts';
import { isCrossSite } from './origin.ts';
import { parseBody } from './parseBody.ts';
import { accepted, failure, invalid } from './respond.ts';
import { contentTypeOf, sniffFileType } from './sniffFileType.ts';
import { reviewFlags, spamVerdict } from './spam.ts';
import { ELAPSED_MS_FIELD, HONEYPOT_FIELD } from '../../src/forms/spamFields.ts';
import type { NewUpload, StoredUpload, SubmissionRecord } from './submissionStore.ts';
import { uploadKey } from './submissionStore.ts';

export interface SubmissionDeps extends NotifyDeps {
  catalog: Catalog;
  /** Posts sent faster than this after the page opened are treated as spam. */
  minFillMs: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * The submission id. Pages with JavaScript send a fresh UUID per form; a plain HTML form has
 * none to send, so the id is derived from the content, and posting the same answers twice
 * (a double click, a resend after a timeout) still lands once.
 */
function submissionId(kind: string, fields: Record<string, unknown>, fileDigests: string[]): string | null {
  const given = fields.id;
  if (typeof given === 'string' && given !== '') return UUID.test(given) ? given.toLowerCase() : null;
  const { id: _ignored, ...rest } = fields;
  const canonical = JSON.stringify([kind, Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)), fileDigests]);
  const hex = createHash('sha256').update(canonical).digest('hex');
  // Shaped as a UUID (version 8, "custom") so every id looks alike.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A file name that is safe in a mail attachment and a header: letters, digits, dot, dash, underscore. */
export function safeFileName(name: string, type: string): string {
  const base = name.replace(/\.[^.]*$/, '').normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80);
  return `${base || 'document'}.${type}`;
}

export async function handleSubmission(req: Request, handler: FormHandler, deps: SubmissionDeps): Promise<Response> {
  const { thanks } = SUBMISSION_KINDS[handler.kind];
  if (isCrossSite(req, deps.email.siteUrl)) {
    deps.log.warn('submission.cross_site', { kind: handler.kind });
    return failure(req, 403, 'cross_site', 'This form can only be sent from its page on the website.');
  }
  const parsed = await parseBody(req);
  if (!parsed.ok) return failure(req, parsed.error.status, parsed.error.code, parsed.error.message);
  const { [HONEYPOT_FIELD]: _honeypot, [ELAPSED_MS_FIELD]: _elapsedMs, ...fields } = parsed.value.fields;
  const { files } = parsed.value;

  const verdict = spamVerdict(parsed.value.fields, deps.minFillMs);
  if (verdict.held) return keepSpam(req, handler, fields, verdict.reason, deps);

  const validation = handler.validate({ ...fields, ...files }, { catalog: deps.catalog, now: deps.clock });
  if (!validation.ok) return invalid(req, validation.errors, validation.fields);

  // The browser's claim about a file is never trusted: its bytes decide what it is.
  const uploads: NewUpload[] = [];
  const uploadErrors: Record<string, string[]> = {};
  for (const [field, file] of Object.entries(files)) {
    if (!(field in validation.data) || validation.data[field] === undefined) continue;
    const type = sniffFileType(file.bytes);
    if (!type) {
      uploadErrors[field] = [`“${file.name}” does not look like a PDF, Word, OpenDocument, RTF or plain text document. Please choose another file.`];
    } else if (extensionOf(file.name) !== type) {
      uploadErrors[field] = [`“${file.name}” is named .${extensionOf(file.name)} but is really a ${type.toUpperCase()} file. Please rename it or choose another file.`];
    } else {
      uploads.push({ key: '', field, fileName: safeFileName(file.name, type), contentType: contentTypeOf(type), bytes: file.bytes });
    }
  }
  if (Object.keys(uploadErrors).length > 0) return invalid(req, uploadErrors, validation.fields);

  const digests = uploads.map((u) => createHash('sha256').update(u.bytes).digest('hex'));
  const id = submissionId(handler.kind, fields, digests);
  if (!id) return invalid(req, { id: ['This form\'s reference is not valid. Please reload the page and send it again; your answers are kept.'] }, validation.fields);

  const data: Record<string, unknown> = { ...validation.data };
  for (const upload of uploads) {
    upload.key = uploadKey(id, upload.field, upload.bytes);
    const stored: StoredUpload = { key: upload.key, fileName: upload.fileName, contentType: upload.contentType, size: upload.bytes.byteLength };
    data[upload.field] = stored;
  }
  const flags = [...verdict.flags, ...reviewFlags(validation.fields, data)];
  const record: SubmissionRecord = {
    id,
    kind: handler.kind,
    createdAt: deps.clock().toISOString(),
    data,
    notifications: { coach: { status: 'pending', attempts: 0 }, client: { status: 'pending', attempts: 0 } },
    ...(flags.length > 0 ? { flags } : {}),
  };

  const created = await deps.store.create(record, String(data.email), uploads);
  if (!created.ok) {
    deps.log.error('submission.store_failed', { kind: handler.kind, id, error: created.error.name });
    return failure(req, 503, 'storage_unavailable', 'We could not save your answers just now, so nothing was sent. Please try again in a minute.', { 'Retry-After': '60' });
  }
  deps.log.info(created.value.created ? 'submission.stored' : 'submission.duplicate', { kind: handler.kind, id });

  if (created.value.created) await deliver(handler, handler.kind, id, deps);
  return accepted(req, id, thanks);
}

/** Answers a caught spam post exactly like a real one, and keeps it apart without emailing anyone. */
async function keepSpam(req: Request, handler: FormHandler, fields: Record<string, unknown>, reason: string, deps: SubmissionDeps): Promise<Response> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields).slice(0, 100)) text[name.slice(0, 100)] = String(value).slice(0, 2000);
  const id = submissionId(handler.kind, fields, []) ?? submissionId(handler.kind, { ...fields, id: '' }, [])!; // a malformed id is no reason to tell a bot anything
  const email = typeof fields.email === 'string' && fields.email.includes('@') ? fields.email : undefined;
  const stored = await deps.store.createSpam({ id, kind: 'spam', form: handler.kind, reason, createdAt: deps.clock().toISOString(), fields: text }, email);
  deps.log.info('submission.spam', { kind: handler.kind, id, reason, stored: stored.ok });
  return accepted(req, id, SUBMISSION_KINDS[handler.kind].thanks);
}
