/**
 * Sends a submission's notifications and records the outcome in the record itself, so that a
 * failed or interrupted send is retried by the scheduled job until it goes out, exactly once.
 * Each email is rendered once and kept (rendered/<kind>/<id>/<recipient>); every retry sends
 * that same payload under the same idempotency key, which is what Resend needs to recognise a
 * repeat rather than refuse it.
 */
import type { ClientIdentity } from '#src/forms/identity.ts';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import type { Catalog } from '../catalog.ts';
import { buildEmail, RECIPIENTS } from '../emails/submissionEmails.ts';
import { fromStoredEmail, toStoredEmail, type RenderedEmail } from '../emails/storedEmail.ts';
import type { EnvProblem } from '../env.ts';
import type { FormHandler } from './forms/formHandler.ts';
import { storedRecordFor } from './forms/storedRecord.ts';
import type { Logger } from '../log.ts';
import type { Mailer, SendError } from '../mail/mailer.ts';
import { backoffMinutes, nextRetryState } from '../mail/retryState.ts';
import { fail, ok, type Result } from '../result.ts';
import type { NotificationState, Recipient, Stored, SubmissionRecord } from './records.ts';
import type { SubmissionStore } from './submissionStore.ts';

/**
 * What the emails need from the environment. `siteUrl` is always there (the cross-site check
 * needs it); the rest may be missing, and then every email waits until it is set.
 */
export type EmailSettings = { catalog: Catalog; siteUrl: string } & (
  | { ready: true; coachEmail: string; fromEmail: string }
  | { ready: false; problems: EnvProblem[] }
);

export interface NotifyDeps {
  store: SubmissionStore;
  mailer: Mailer;
  clock: () => Date;
  log: Logger;
  email: EmailSettings;
}

/** Resend remembers an idempotency key this long; after it, an email may be rendered anew. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60_000;

/** The flag a record gets when the coach's email went without an upload. */
export const ATTACHMENT_MISSING_FLAG = 'attachment-missing';

/** Waits between attempts (the one retry state machine's, mail/retryState.ts). */
export { backoffMinutes };

export const idempotencyKey = (record: Pick<SubmissionRecord, 'kind' | 'id'>, recipient: Recipient) =>
  `${record.kind}/${record.id}/${recipient}`;

/**
 * - `done`: nothing is left pending (each email sent, or failed for good);
 * - `pending`: something waits for the retry job;
 * - `deferred`: the paced sender is full; sending more now would only wait too.
 */
export type DeliveryOutcome = 'done' | 'pending' | 'deferred';

/** The email for one recipient: the one kept from an earlier attempt, or rendered now and kept. */
async function renderedOnce<Data extends ClientIdentity>(handler: FormHandler<Data>, record: SubmissionRecord<Stored<Data>>, recipient: Recipient, deps: NotifyDeps & { email: { ready: true } }): Promise<Result<RenderedEmail, { name: string }>> {
  const kept = await deps.store.getRendered(record.kind, record.id, recipient);
  if (!kept.ok) return kept;
  if (kept.value) return ok(fromStoredEmail(kept.value));
  const built = await buildEmail(recipient, handler, record, {
    ...deps.email,
    readUpload: async (upload) => {
      const read = await deps.store.getUpload(upload.key);
      return read.ok ? read.value : null;
    },
    // No send has happened for this email yet, so nothing waits under its key at Resend.
    sendWithoutUnreadable: deps.clock().getTime() - Date.parse(record.createdAt) >= IDEMPOTENCY_WINDOW_MS,
  });
  if (!built.ok) return built;
  // Kept before it is sent: without a copy, a retry could not promise the same payload.
  const stored = await deps.store.keepRendered(record.kind, record.id, recipient, toStoredEmail(built.value));
  return stored.ok ? ok(fromStoredEmail(stored.value)) : stored;
}

/** The state after a send that did not go out; null when nothing about it changed. */
function afterFailure(state: NotificationState, error: SendError, now: Date): NotificationState | null {
  // Still unconfigured, as the record already says: nothing to write.
  if (error.kind === 'unconfigured' && state.lastError === error.name && !state.nextAttemptAt) return null;
  return nextRetryState(state, fail(error), now);
}

/** One recipient's try: the new state (null: unchanged), whether to stop this run, and any flag to add. */
async function attempt<Data extends ClientIdentity>(handler: FormHandler<Data>, record: SubmissionRecord<Stored<Data>>, recipient: Recipient, deps: NotifyDeps) {
  const state = record.notifications[recipient];
  const where = { kind: record.kind, id: record.id, recipient };
  if (!deps.email.ready) {
    for (const problem of deps.email.problems) deps.log.error('notification.missing_setting', { ...where, variable: problem.variable });
    return { next: afterFailure(state, { kind: 'unconfigured', name: 'missing_setting' }, deps.clock()) };
  }
  const email = { ...deps, email: deps.email };
  const rendered = await renderedOnce(handler, record, recipient, email);
  if (!rendered.ok) {
    deps.log.warn('notification.failed', { ...where, error: rendered.error.name, attempts: state.attempts + 1 });
    return { next: afterFailure(state, { kind: 'transient', name: rendered.error.name }, deps.clock()) };
  }
  const flag = rendered.value.missingUploads.length > 0 && !record.flags?.includes(ATTACHMENT_MISSING_FLAG) ? ATTACHMENT_MISSING_FLAG : undefined;
  const sent = await deps.mailer.send(rendered.value.message, { idempotencyKey: idempotencyKey(record, recipient) });
  if (sent.ok) return { next: nextRetryState(state, sent, deps.clock()), flag };
  const { error } = sent;
  if (error.kind === 'already_sent') {
    // Resend has this key from an earlier payload: that email went out, and this one never will.
    deps.log.info('notification.already_sent', { ...where, error: error.name });
    return { next: nextRetryState(state, sent, deps.clock()), flag };
  }
  if (error.kind === 'deferred') return { next: null, deferred: true };
  if (error.kind === 'permanent') deps.log.error('notification.failed', { ...where, error: error.name, status: error.status, permanent: true });
  else if (error.kind === 'transient') deps.log.warn('notification.failed', { ...where, error: error.name, attempts: state.attempts + 1 });
  return { next: afterFailure(state, error, deps.clock()), flag };
}

/**
 * Sends whatever is still pending for one record. Never throws: store and mail failures leave
 * the record pending for the next run.
 */
export async function deliver<Data extends ClientIdentity>(handler: FormHandler<Data>, id: string, deps: NotifyDeps): Promise<DeliveryOutcome> {
  const { kind } = handler;
  const loaded = await deps.store.get(kind, id);
  if (!loaded.ok || !loaded.value) return 'pending';
  let { etag } = loaded.value;
  let record = storedRecordFor(handler, loaded.value.record);
  if (!record) {
    // A record under <kind>/ that says it is another kind was not written by this code; leave it for a person.
    deps.log.error('notification.record_kind_mismatch', { kind, id });
    return 'pending';
  }

  for (const recipient of RECIPIENTS) {
    if (record.notifications[recipient].status !== 'pending') continue;
    const { next, flag, deferred } = await attempt(handler, record, recipient, deps);
    if (deferred) return 'deferred';
    if (!next && !flag) continue;
    const updated: SubmissionRecord<Stored<Data>> = {
      ...record,
      notifications: { ...record.notifications, [recipient]: next ?? record.notifications[recipient] },
      ...(flag ? { flags: [...(record.flags ?? []), flag] } : {}),
    };
    const replaced = await deps.store.replace(updated, etag);
    if (!replaced.ok || !replaced.value.replaced) {
      // Someone else changed the record (a concurrent retry); the next run sees their state.
      deps.log.warn('notification.state_not_saved', { kind, id, recipient });
      return 'pending';
    }
    // The write's own etag guards the next update; no need to read the record back.
    record = updated;
    etag = replaced.value.etag;
  }
  return (await settle(handler, record, deps)) ? 'done' : 'pending';
}

/**
 * Tidies up once no email of a record is pending: failures marked for the coach's list, kept
 * renders of sent emails dropped, then the pending marker. In that order, so a crash between
 * steps leaves the marker, and the retry job settles the record again. True when settled.
 * The handler's step after storing runs first, even while the emails still wait (a commitment's
 * reminder should not wait for the coach's copy): its marker goes only once the step is done
 * (decision 011). A commitment's homework loop starts this way, and a check-in's answer reaches
 * its commitment's loop: a function that died before the step leaves the marker, and the retry
 * job runs it.
 */
export async function settle<Data extends ClientIdentity>(handler: FormHandler<Data>, record: SubmissionRecord<Stored<Data>>, deps: Pick<NotifyDeps, 'store'>): Promise<boolean> {
  if (handler.afterStore && !(await handler.afterStore(record)).ok) return false;
  const states = RECIPIENTS.map((recipient) => [recipient, record.notifications[recipient]] as const);
  if (states.some(([, state]) => state.status === 'pending')) return false;
  if (states.some(([, state]) => state.status === 'failed')) {
    if (!(await deps.store.markFailed(record.kind, record.id)).ok) return false;
  }
  for (const [recipient, state] of states) {
    if (state.status === 'sent' && !(await deps.store.dropRendered(record.kind, record.id, recipient)).ok) return false;
  }
  return (await deps.store.clearPending(record.kind, record.id)).ok;
}

/** Whether a pending notification is due for another try. */
export function isDue(record: SubmissionRecord, now: Date): boolean {
  return RECIPIENTS.some((r) => {
    const state = record.notifications[r];
    return state.status === 'pending' && (!state.nextAttemptAt || Date.parse(state.nextAttemptAt) <= now.getTime());
  });
}

/** A notification that failed for good, for the coach's daily email. */
export interface FailedNotification {
  kind: SubmissionKind;
  id: string;
  recipient: Recipient;
  /** Resend's error name, e.g. "validation_error". */
  error: string;
  attempts: number;
}

/** Every notification that failed for good and is still stored. */
export async function listFailedNotifications(deps: Pick<NotifyDeps, 'store'>): Promise<Result<FailedNotification[], { name: string }>> {
  const listed = await deps.store.listFailed();
  if (!listed.ok) return listed;
  const failed: FailedNotification[] = [];
  for (const { kind, id } of listed.value) {
    const loaded = await deps.store.get(kind, id);
    if (!loaded.ok) return fail(loaded.error);
    const record = loaded.value?.record;
    for (const recipient of RECIPIENTS) {
      const state = record?.notifications[recipient];
      if (state?.status === 'failed') failed.push({ kind, id, recipient, error: state.lastError ?? 'unknown', attempts: state.attempts });
    }
  }
  return ok(failed);
}
