/** The scheduler's daily task: email the coach what was held as spam since the last note. */
import { spamDigest } from './emails/spamDigest.ts';
import type { NotifyDeps } from './notify.ts';

const DAY_MS = 24 * 3600_000;

export interface DigestSummary {
  /** Posts held now, in all. */
  held: number;
  /** Of those, the ones held since the last note: this note's. */
  noted: number;
  sent: boolean;
  failed: boolean;
}

/** Which note this is: what was held since `since`, sent once for `day` (the coach's calendar day, YYYY-MM-DD). */
export interface DigestWindow {
  since: Date;
  day: string;
}

/** The note for the day before now, keyed by now's UTC day: for calling it on its own. */
const lastDay = (now: Date): DigestWindow => ({ since: new Date(now.getTime() - DAY_MS), day: now.toISOString().slice(0, 10) });

export async function sendSpamDigest(deps: NotifyDeps, { since, day }: DigestWindow = lastDay(deps.clock())): Promise<DigestSummary> {
  if (!deps.email.ready) {
    for (const problem of deps.email.problems) deps.log.error('spam_digest.missing_setting', { variable: problem.variable });
    return { held: 0, noted: 0, sent: false, failed: true };
  }
  const listed = await deps.store.listSpam();
  if (!listed.ok) {
    deps.log.error('spam_digest.list_failed', { error: listed.error.name });
    return { held: 0, noted: 0, sent: false, failed: true };
  }
  const held = listed.value.length;
  const noted = listed.value.filter((post) => Date.parse(post.createdAt) >= since.getTime());
  const message = spamDigest(noted, { since, from: deps.email.fromEmail, to: deps.email.coachEmail });
  if (!message) return { held, noted: 0, sent: false, failed: false };
  // One note a day, however many runs try to send it (an overlapping run, a catch-up): the day is the key.
  const sent = await deps.mailer.send(message, { idempotencyKey: `spam-digest/${day}` });
  if (sent.ok || sent.error.kind === 'already_sent') return { held, noted: noted.length, sent: true, failed: false };
  // Deferred by the paced sender: not a failure, the next run sends it.
  if (sent.error.kind === 'deferred') return { held, noted: noted.length, sent: false, failed: false };
  deps.log.warn('spam_digest.send_failed', { error: sent.error.name });
  return { held, noted: noted.length, sent: false, failed: true };
}
