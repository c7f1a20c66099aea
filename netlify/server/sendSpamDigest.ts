/** The scheduled job's work: email the coach what was held as spam in the last day, once a day. */
import { spamDigest } from './emails/spamDigest.ts';
import type { NotifyDeps } from './notify.ts';

const DAY_MS = 24 * 3600_000;

export interface DigestSummary {
  held: number;
  sent: boolean;
  failed: boolean;
}

export async function sendSpamDigest(deps: NotifyDeps): Promise<DigestSummary> {
  const now = deps.clock();
  if (!deps.email.ready) {
    for (const problem of deps.email.problems) deps.log.error('spam_digest.missing_setting', { variable: problem.variable });
    return { held: 0, sent: false, failed: true };
  }
  const listed = await deps.store.listSpam();
  if (!listed.ok) {
    deps.log.error('spam_digest.list_failed', { error: listed.error.name });
    return { held: 0, sent: false, failed: true };
  }
  const message = spamDigest(listed.value, { since: new Date(now.getTime() - DAY_MS), from: deps.email.fromEmail, to: deps.email.coachEmail });
  if (!message) return { held: listed.value.length, sent: false, failed: false };
  // One digest a day, however often the job runs: the day is part of the key.
  const sent = await deps.mailer.send(message, { idempotencyKey: `spam-digest/${now.toISOString().slice(0, 10)}` });
  if (!sent.ok) deps.log.warn('spam_digest.send_failed', { error: sent.error.name });
  return { held: listed.value.length, sent: sent.ok, failed: !sent.ok };
}
