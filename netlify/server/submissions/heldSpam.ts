/**
 * Posts judged to be spam are held, never thrown away unseen: kept whole (every field, every
 * file, why) under spam/, listed for the coach (`npm run spam`, the daily email), and either
 * released, which delivers them exactly as sent, validated against the time they arrived, or
 * deleted.
 */
import type { SubmissionKind } from '#src/forms/kinds.ts';
import { indexQuietly, unindexQuietly } from '../inbox/inboxHooks.ts';
import { acceptSubmission, type AcceptDeps, type Acceptance, type Incoming } from './acceptSubmission.ts';
import { handlerOf, type FormHandlers } from './forms/index.ts';
import { postedIdentity } from './forms/postedIdentity.ts';
import type { UploadedFile } from '../web/parseBody.ts';
import { contentHash, fileDigest, givenId, submissionId } from './submissionId.ts';
import type { HeldFile, SpamRecord } from './records.ts';
import type { NewUpload, StoreError } from './submissionStore.ts';
import { uploadKey } from './submissionStore.ts';

/** The flag a released post carries, so the coach's email says where it has been. */
export const RELEASED_FLAG = 'released-from-spam';

/** Holds a post as spam; returns the id it was answered with. */
export async function holdAsSpam(
  form: SubmissionKind,
  incoming: Omit<Incoming, 'flags'>,
  reason: string,
  deps: Pick<AcceptDeps, 'store' | 'log'>,
): Promise<{ ok: true; id: string } | { ok: false; error: StoreError }> {
  const { fields, files, receivedAt } = incoming;
  const digests = Object.fromEntries(Object.entries(files).map(([field, file]) => [field, fileDigest(file.bytes)]));
  const given = givenId(fields.id);
  const id = submissionId(`spam/${form}`, given === 'invalid' ? undefined : given, contentHash(form, fields, digests));
  // Kept as unchecked bytes: they are judged like any upload if the coach releases the post.
  const uploads: NewUpload[] = [];
  const held: HeldFile[] = [];
  for (const [field, file] of Object.entries(files)) {
    // Apart from the keys a released record's files take, so deleting the held copy never touches them.
    const key = uploadKey(id, `held-${field}`, file.bytes);
    uploads.push({ key, field, fileName: file.name.slice(0, 200), contentType: 'application/octet-stream', bytes: file.bytes });
    held.push({ field, name: file.name, key, size: file.bytes.byteLength });
  }
  const record: SpamRecord = { id, kind: 'spam', form, reason, createdAt: receivedAt.toISOString(), fields, files: held };
  const { email } = postedIdentity(fields);
  const stored = await deps.store.holdSpam(record, email?.includes('@') ? email : undefined, uploads);
  deps.log.info('submission.spam', { kind: form, id, reason, stored: stored.ok });
  return stored.ok ? { ok: true, id } : { ok: false, error: stored.error };
}

export type Release =
  | { ok: true; kind: SubmissionKind; id: string }
  | { ok: false; reason: 'not_found' | 'unconfirmed' | 'missing_file' }
  | { ok: false; reason: 'invalid'; errors: Record<string, string[]> };

/**
 * Stores a held post as if it had just arrived, but validated against the time it did arrive,
 * then removes it from the held list; its emails are pending, for the caller or the retry job
 * to send. A post that is not valid stays held.
 */
export async function releaseHeld(id: string, deps: AcceptDeps & { handlers: FormHandlers }): Promise<Release> {
  const found = await deps.store.getSpam(id);
  if (!found.ok) return { ok: false, reason: 'unconfirmed' };
  const held = found.value;
  if (!held) return { ok: false, reason: 'not_found' };
  const files: Record<string, UploadedFile> = {};
  for (const file of held.files ?? []) {
    const bytes = await deps.store.getUpload(file.key);
    if (!bytes.ok) return { ok: false, reason: 'unconfirmed' };
    if (!bytes.value) return { ok: false, reason: 'missing_file' };
    files[file.field] = { name: file.name, type: '', size: bytes.value.byteLength, bytes: bytes.value };
  }
  const handler = handlerOf(deps.handlers, held.form);
  const accepted: Acceptance = await acceptSubmission(
    handler,
    { fields: held.fields, files, receivedAt: new Date(held.createdAt), flags: [RELEASED_FLAG] },
    deps,
  );
  if (!accepted.ok) return accepted.reason === 'invalid' ? { ok: false, reason: 'invalid', errors: accepted.errors } : { ok: false, reason: 'unconfirmed' };
  const removed = await deps.store.deleteSpam(id);
  if (!removed.ok) deps.log.warn('spam.release_not_removed', { id });
  await unindexQuietly(deps, { keys: [`spam/${id}`] });
  await indexQuietly(deps, held.form, accepted.id);
  deps.log.info('spam.released', { id, as: accepted.id });
  return { ok: true, kind: held.form, id: accepted.id };
}

/** Deletes a held post and its files, and takes it out of the coach's inbox; returns the keys removed. */
export async function deleteHeld(id: string, deps: AcceptDeps) {
  const removed = await deps.store.deleteSpam(id);
  if (removed.ok) await unindexQuietly(deps, { keys: [`spam/${id}`] });
  return removed;
}
