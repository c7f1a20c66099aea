/**
 * The scheduler's daily `morning-summary` task: every section gathered, then one email to the
 * coach, sent once for her day however many runs try (the idempotency key is the day), and not
 * at all when no section has anything to say. A section that cannot be read holds the whole
 * summary back for the next run rather than send one with a gap the coach cannot see.
 */
import { morningSummaryEmail } from './morningSummaryEmail.ts';
import type { SummaryDeps, SummarySection, SummarySectionProvider, SummaryWindow } from './section.ts';
import { SUMMARY_SECTIONS } from './sections.ts';

export interface MorningSummaryOutcome {
  /** Sections with something to say, and their items. */
  sections: number;
  items: number;
  sent: boolean;
  failed: boolean;
}

export const summaryIdempotencyKey = (day: string) => `morning-summary/${day}`;

/** "Tue, Dec 1" for the coach's day (YYYY-MM-DD). */
const dayInWords = (day: string) => new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric' }).format(new Date(`${day}T12:00:00Z`));

export async function sendMorningSummary(deps: SummaryDeps, window: SummaryWindow, providers: readonly SummarySectionProvider[] = SUMMARY_SECTIONS): Promise<MorningSummaryOutcome> {
  const none = { sections: 0, items: 0, sent: false };
  if (!deps.email.ready) {
    for (const problem of deps.email.problems) deps.log.error('summary.missing_setting', { variable: problem.variable });
    return { ...none, failed: true };
  }
  const sections: SummarySection[] = [];
  for (const provider of providers) {
    const gathered = await provider.gather(deps, window);
    if (!gathered.ok) {
      deps.log.error('summary.section_failed', { section: provider.name, error: gathered.error.name });
      return { ...none, failed: true };
    }
    if (gathered.value && gathered.value.items.length > 0) sections.push(gathered.value);
  }
  const counts = { sections: sections.length, items: sections.reduce((n, s) => n + s.items.length, 0) };
  if (sections.length === 0) return { ...counts, sent: false, failed: false };

  const message = morningSummaryEmail(sections, { from: deps.email.fromEmail, to: deps.email.coachEmail, siteUrl: deps.email.siteUrl, dayInWords: dayInWords(window.day) });
  const sent = await deps.mailer.send(message, { idempotencyKey: summaryIdempotencyKey(window.day) });
  // Resend's "already sent": another run sent today's, with contents of a moment before.
  if (sent.ok || sent.error.kind === 'already_sent') {
    deps.log.info('summary.sent', { day: window.day, ...counts });
    return { ...counts, sent: true, failed: false };
  }
  // The paced sender had no slot: not a failure, the next run sends it.
  if (sent.error.kind === 'deferred') return { ...counts, sent: false, failed: false };
  deps.log.warn('summary.send_failed', { error: sent.error.name });
  return { ...counts, sent: false, failed: true };
}
