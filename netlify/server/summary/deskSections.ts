/**
 * What arrived and what waits, in the coach's morning summary: new submissions (from the desk's
 * inbox index, docs/decisions/007-inbox-index.md), posts held as spam (the old morning note of
 * held spam, absorbed), and emails still waiting to go or failed for good.
 */
import { SUBMISSION_KINDS } from '#src/forms/kinds.ts';
import { describeHeld, HELD_SPAM_INTRO } from '../emails/spamDigest.ts';
import { listMonths, monthKey, readMonth } from '../inbox/monthBlobs.ts';
import { listFailedNotifications } from '../submissions/notify.ts';
import { errorName, fail, ok } from '../result.ts';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import { emailHash } from '../submissions/submissionStore.ts';
import { counted, type SummaryItem, type SummarySectionProvider } from './section.ts';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const nounOf = (kind: string) => (Object.hasOwn(SUBMISSION_KINDS, kind) ? SUBMISSION_KINDS[kind as SubmissionKind].noun : kind);

/** Submissions that arrived since the last summary, newest first, from the inbox index (a month blob or two, not every record). */
export const newSubmissionsSection: SummarySectionProvider = {
  name: 'new-submissions',
  async gather(deps, { now, since }) {
    try {
      const from = monthKey(since.toISOString());
      const items: SummaryItem[] = [];
      for (const month of (await listMonths(deps.deskBlobs)).filter((key) => key >= from)) {
        for (const entry of await readMonth(deps.deskBlobs, month)) {
          const at = Date.parse(entry.createdAt);
          if (entry.kind === 'spam' || at < since.getTime() || at > now.getTime()) continue;
          items.push({ title: `${capitalised(nounOf(entry.kind))} from ${entry.name || entry.email}`, lines: entry.summary ? [entry.summary] : [], ...(entry.emailHash ? { clientHash: entry.emailHash } : {}) });
        }
      }
      return ok(items.length === 0 ? null : { heading: 'New since yesterday', tally: counted(items.length, 'new'), items });
    } catch (error) {
      return fail({ name: errorName(error) });
    }
  },
};

/** Posts held as spam since the last summary, each with how to release it: nothing is held unseen. */
export const heldSpamSection: SummarySectionProvider = {
  name: 'held-spam',
  async gather(deps, { since }) {
    const held = await deps.store.listSpam();
    if (!held.ok) return held;
    const items = held.value.filter((post) => Date.parse(post.createdAt) >= since.getTime()).map(describeHeld);
    return ok(items.length === 0 ? null : { heading: 'Held as spam', tally: counted(items.length, 'held as spam'), intro: HELD_SPAM_INTRO, items });
  },
};

/** Emails not sent yet (the retry job keeps trying) and those refused for good (a setting to fix, then "Try again" on the desk). */
export const waitingSection: SummarySectionProvider = {
  name: 'waiting',
  async gather(deps) {
    const pending = await deps.store.listPending();
    if (!pending.ok) return pending;
    const failed = await listFailedNotifications(deps);
    if (!failed.ok) return failed;
    const items: SummaryItem[] = [];
    const failedKeys = new Set(failed.value.map((f) => `${f.kind}/${f.id}`));
    for (const { kind, id } of pending.value) {
      if (failedKeys.has(`${kind}/${id}`)) continue;
      const found = await deps.store.get(kind, id);
      if (!found.ok) return found;
      const record = found.value?.record;
      // A marker without a record is a crash's leftover; the retry job tidies it away.
      if (!record || !Object.values(record.notifications).some((state) => state.status === 'pending')) continue;
      const { name, email } = record.data as { name?: string; email?: string };
      items.push({ title: `${capitalised(nounOf(kind))} from ${name ?? 'someone'}`, lines: ['Its emails have not gone yet; they are being retried.'], ...(email ? { clientHash: emailHash(email) } : {}) });
    }
    for (const { kind, id, recipient, error } of failed.value) {
      const found = await deps.store.get(kind, id);
      if (!found.ok) return found;
      const { name, email } = (found.value?.record.data ?? {}) as { name?: string; email?: string };
      items.push({
        title: `${capitalised(nounOf(kind))} from ${name ?? 'someone'}`,
        lines: [`The email to ${recipient === 'coach' ? 'you' : 'them'} was refused for good (${error}). Fix the setting it names, then press “Try again” on the desk.`],
        ...(email ? { clientHash: emailHash(email) } : {}),
      });
    }
    return ok(items.length === 0 ? null : { heading: 'Still waiting to be emailed', tally: counted(items.length, 'waiting to be emailed'), items });
  },
};
