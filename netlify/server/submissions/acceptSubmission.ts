/**
 * The part of the pipeline that turns answers into a stored submission: validate, judge the
 * files, decide the id, store. Shared by the form endpoints and by releasing a post held as
 * spam, which is validated against the time it first arrived.
 */
import type { FieldErrors, FieldMap } from '#src/forms/fields.ts';
import type { ClientIdentity } from '#src/forms/identity.ts';
import type { Catalog } from '../catalog.ts';
import type { InboxDeps } from '../inbox/inboxHooks.ts';
import type { FormHandler } from './forms/formHandler.ts';
import type { Logger } from '../log.ts';
import type { UploadedFile } from '../web/parseBody.ts';
import { ok } from '../result.ts';
import { reviewFlags } from './spam.ts';
import { judgeUpload } from '../uploads/judgeUpload.ts';
import { contentHash, divergedId, fileDigest, givenId, submissionId } from './submissionId.ts';
import type { NewUpload, SubmissionStore } from './submissionStore.ts';
import type { Stored, StoredUpload, SubmissionRecord } from './records.ts';
import { uploadKey } from './submissionStore.ts';

export interface Incoming {
  /** The posted fields, spam-check fields already taken out; `id` is the page's submission id. */
  fields: Record<string, unknown>;
  files: Record<string, UploadedFile>;
  /** When it arrived: the time it is validated against and stored with. */
  receivedAt: Date;
  /** Reasons for the coach to look twice, decided before this step (e.g. a very fast send). */
  flags?: string[];
}

export interface AcceptDeps {
  store: SubmissionStore;
  /** Now: when a submission is stored, which for a post released from spam is long after it arrived. */
  clock: () => Date;
  catalog: Catalog;
  log: Logger;
  /** The coach's inbox, kept current as submissions arrive (desk/inboxHooks.ts). */
  inbox?: InboxDeps;
}

export type Acceptance =
  | { ok: true; id: string; created: boolean }
  | { ok: false; reason: 'invalid'; errors: FieldErrors; fields: FieldMap }
  /** The store did not confirm the write: it may or may not have landed; sending again is safe. */
  | { ok: false; reason: 'unconfirmed'; error: string };

/** A file name that is safe in a mail attachment and a header: letters, digits, dot, dash, underscore. */
export function safeFileName(name: string, type: string): string {
  const base = name.replace(/\.[^.]*$/, '').normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80);
  return `${base || 'document'}.${type}`;
}

/** The browser's claim about a file is never trusted: its bytes decide what it is (uploads/judgeUpload.ts). */
async function judgeFiles(files: Record<string, UploadedFile>, fields: FieldMap) {
  const uploads: Omit<NewUpload, 'key'>[] = [];
  const errors: FieldErrors = {};
  for (const [field, file] of Object.entries(files)) {
    if (fields[field]?.kind !== 'file') continue;
    const verdict = await judgeUpload(file);
    if (!verdict.ok) errors[field] = [verdict.error.message];
    else uploads.push({ field, fileName: safeFileName(file.name, verdict.value.type), contentType: verdict.value.contentType, bytes: file.bytes });
  }
  return { uploads, errors };
}

/**
 * The answers as the record keeps them: each uploaded file replaced by where it is stored.
 * Every file a valid form carries is among `uploads` (judgeFiles judges each one or refuses
 * the post), which is what makes the result a Stored<Data>.
 */
function storedAnswers<Data extends ClientIdentity>(answers: Data, uploads: readonly NewUpload[]): Stored<Data> {
  const data: Record<string, unknown> = { ...answers };
  for (const upload of uploads) {
    const stored: StoredUpload = { key: upload.key, fileName: upload.fileName, contentType: upload.contentType, size: upload.bytes.byteLength };
    data[upload.field] = stored;
  }
  return data as Stored<Data>;
}

/** The record for answers stored under one id, its files keyed under that id. */
function recordFor<Data extends ClientIdentity>(kind: SubmissionRecord['kind'], id: string, answers: Data, files: Omit<NewUpload, 'key'>[], flags: string[], receivedAt: Date, contentHash: string) {
  const uploads: NewUpload[] = files.map((file) => ({ ...file, key: uploadKey(id, file.field, file.bytes) }));
  const record: SubmissionRecord<Stored<Data>> & { contentHash: string } = {
    id,
    kind,
    createdAt: receivedAt.toISOString(),
    data: storedAnswers(answers, uploads),
    notifications: { coach: { status: 'pending', attempts: 0 }, client: { status: 'pending', attempts: 0 } },
    ...(flags.length > 0 ? { flags } : {}),
    contentHash,
  };
  return { record, uploads };
}

export async function acceptSubmission<Data extends ClientIdentity>(handler: FormHandler<Data>, incoming: Incoming, deps: AcceptDeps): Promise<Acceptance> {
  const { fields, files, receivedAt } = incoming;
  const validation = handler.validate({ ...fields, ...files }, { catalog: deps.catalog, now: () => receivedAt });
  if (!validation.ok) return { ok: false, reason: 'invalid', errors: validation.errors, fields: validation.fields };

  const judged = await judgeFiles(files, validation.fields);
  if (Object.keys(judged.errors).length > 0) return { ok: false, reason: 'invalid', errors: judged.errors, fields: validation.fields };

  const given = givenId(fields.id);
  if (given === 'invalid') {
    return {
      ok: false,
      reason: 'invalid',
      errors: { id: ['This form\'s reference is not valid. Please reload the page and send it again; your answers are kept.'] },
      fields: validation.fields,
    };
  }
  const prepared = handler.prepare ? await handler.prepare(validation.data, { store: deps.store, log: deps.log }) : ok(validation.data);
  if (!prepared.ok) {
    deps.log.error('submission.store_unconfirmed', { kind: handler.kind, error: prepared.error.name });
    return { ok: false, reason: 'unconfirmed', error: prepared.error.name };
  }
  const data = prepared.value;
  const digests = Object.fromEntries(judged.uploads.map((u) => [u.field, fileDigest(u.bytes)]));
  // The files count by their digests: their bytes are never walked as answers (a 4 MB resume would take a gigabyte).
  const answers = Object.fromEntries(Object.entries(data).filter(([field]) => validation.fields[field]?.kind !== 'file'));
  const hash = contentHash(handler.kind, answers, digests);
  const flags = [...new Set([...(incoming.flags ?? []), ...reviewFlags(validation.fields, data)])];
  const { email } = data;

  let id = submissionId(handler.kind, given, hash);
  // A conflict means this id holds other answers; the derived id never does (it contains the hash).
  for (let tries = 0; tries < 3; tries++) {
    const { record, uploads } = recordFor(handler.kind, id, data, judged.uploads, flags, receivedAt, hash);
    const stored = await deps.store.create(record, email, uploads, { storedAt: deps.clock().toISOString() });
    if (!stored.ok) {
      deps.log.error('submission.store_unconfirmed', { kind: handler.kind, id, error: stored.error.name });
      return { ok: false, reason: 'unconfirmed', error: stored.error.name };
    }
    if (stored.value !== 'conflict') {
      deps.log.info(stored.value === 'created' ? 'submission.stored' : 'submission.duplicate', { kind: handler.kind, id });
      return { ok: true, id, created: stored.value === 'created' };
    }
    deps.log.info('submission.same_id_new_content', { kind: handler.kind, id });
    id = divergedId(id, hash);
  }
  deps.log.error('submission.id_conflicts', { kind: handler.kind, id });
  return { ok: false, reason: 'unconfirmed', error: 'IdConflict' };
}
