/**
 * Sends a submission's notifications and records the outcome in the record itself, so that a
 * failed or interrupted send is retried by the scheduled job until it goes out, exactly once
 * (the provider's idempotency key makes a repeated send a no-op).
 */
import type { SubmissionKind } from '../../src/forms/kinds.ts';
import { buildEmail, RECIPIENTS, type EmailContext } from './emails/submissionEmails.ts';
import type { FormHandler } from './forms/formHandler.ts';
import type { Logger } from './log.ts';
import type { Mailer } from './mailer.ts';
import type { NotificationState, Recipient, SubmissionRecord, SubmissionStore } from './submissionStore.ts';

export interface NotifyDeps {
  store: SubmissionStore;
  mailer: Mailer;
  clock: () => Date;
  log: Logger;
  email: Omit<EmailContext, 'readUpload'>;
}

/** Waits between attempts: 1, 2, 4, 8… minutes, at most 6 hours. */
export function backoffMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360);
}

export const idempotencyKey = (record: Pick<SubmissionRecord, 'kind' | 'id'>, recipient: Recipient) =>
  `${record.kind}/${record.id}/${recipient}`;

/**
 * Sends whatever is still pending for one record. Returns true when nothing is left pending.
 * Never throws: store and mail failures leave the record pending for the next run.
 */
export async function deliver(handler: FormHandler, kind: SubmissionKind, id: string, deps: NotifyDeps): Promise<boolean> {
  const loaded = await deps.store.get(kind, id);
  if (!loaded.ok || !loaded.value) return false;
  let { record, etag } = loaded.value;
  const now = deps.clock();
  const context: EmailContext = {
    ...deps.email,
    readUpload: async (upload) => {
      const read = await deps.store.getUpload(upload.key);
      return read.ok ? read.value : null;
    },
  };

  for (const recipient of RECIPIENTS) {
    const state = record.notifications[recipient];
    if (state.status === 'sent') continue;
    const message = await buildEmail(recipient, handler, record, context);
    const sent = await deps.mailer.send(message, { idempotencyKey: idempotencyKey(record, recipient) });
    const attempts = state.attempts + 1;
    const next: NotificationState = sent.ok
      ? { status: 'sent', attempts, sentAt: deps.clock().toISOString(), providerId: sent.value.id }
      : {
          status: 'pending',
          attempts,
          lastError: sent.error.name,
          nextAttemptAt: new Date(now.getTime() + backoffMinutes(attempts) * 60_000).toISOString(),
        };
    if (!sent.ok) deps.log.warn('notification.failed', { kind, id, recipient, error: sent.error.name, attempts });
    const updated: SubmissionRecord = { ...record, notifications: { ...record.notifications, [recipient]: next } };
    const replaced = await deps.store.replace(updated, etag);
    if (!replaced.ok || !replaced.value.replaced) {
      // Someone else changed the record (a concurrent retry); the next run sees their state.
      deps.log.warn('notification.state_not_saved', { kind, id, recipient });
      return false;
    }
    // The write's own etag guards the next update; no need to read the record back.
    record = updated;
    etag = replaced.value.etag;
  }

  const done = RECIPIENTS.every((r) => record.notifications[r].status === 'sent');
  if (done) await deps.store.clearPending(kind, id);
  return done;
}

/** Whether a pending notification is due for another try. */
export function isDue(record: SubmissionRecord, now: Date): boolean {
  return RECIPIENTS.some((r) => {
    const state = record.notifications[r];
    return state.status === 'pending' && (!state.nextAttemptAt || Date.parse(state.nextAttemptAt) <= now.getTime());
  });
}
