/**
 * What the scheduler does, in order. Short notes the coach expects at a set hour come first;
 * then the email retries, however many are waiting; long housekeeping (retention, issue 13)
 * goes last, with whatever time is left, and resumes the next run where it stopped.
 * A new daily task is one more entry: `{ name, due: dailyAt('HH:MM', SITE.timeZone), run }`.
 */
import { SITE } from '../../../src/site.config.ts';
import { commentDepsOfDesk } from '../comments/commentDeps.ts';
import { retryCommentEmails } from '../comments/commentMail.ts';
import { fireRebuildIfDue } from '../comments/rebuild.ts';
import { RETENTION_CURSOR_KEY, runRetention } from '../retention.ts';
import { retryPending } from '../retryPending.ts';
import { sendSpamDigest } from '../sendSpamDigest.ts';
import { dailyAt, dayInZone, latestDailyMoment } from './dailyAt.ts';
import type { ScheduledTask } from './runScheduler.ts';
import type { SchedulerDeps } from './schedulerDeps.ts';

const DAY_MS = 24 * 3600_000;
/** When the daily retention pass starts, in the coach's time zone. */
const RETENTION_AT = '03:00';

/** The coach's morning note of posts held as spam: everything held since the last one, once a day. */
export const spamDigestTask: ScheduledTask<SchedulerDeps> = {
  name: 'spam-digest',
  due: dailyAt(SITE.morningSummaryAt, SITE.timeZone),
  async run(deps, { now, lastRun }) {
    const morning = latestDailyMoment(now, SITE.morningSummaryAt, SITE.timeZone);
    // Since the last note (so a note after missed days covers them all), or a day when there was none.
    const since = lastRun && lastRun.getTime() <= now.getTime() ? lastRun : new Date(morning.getTime() - DAY_MS);
    const summary = await sendSpamDigest(deps, { since, day: dayInZone(morning, SITE.timeZone) });
    return { done: summary.sent || (summary.noted === 0 && !summary.failed), failed: summary.failed, summary };
  },
};

/** Every run: the emails a function could not send at once, each when its backoff says. */
export const retryTask: ScheduledTask<SchedulerDeps> = {
  name: 'retry-notifications',
  async run(deps, { now, budget }) {
    const summary = await retryPending(deps, { now, budget });
    return { done: summary.deferred === 0 && !summary.failed, failed: summary.failed, summary };
  },
};

/** Once a day, in the quiet of the night: what is past the retention period goes, resumed next run if time runs out. */
export const retentionTask: ScheduledTask<SchedulerDeps> = {
  name: 'retention',
  due: dailyAt(RETENTION_AT, SITE.timeZone),
  async run(deps, { now, budget }) {
    const run = await runRetention(
      { submissions: deps.store, usedLinks: deps.usedLinks, desk: deps.desk, deskBlobs: deps.deskBlobs, comments: deps.comments, clock: () => now, log: deps.log },
      { budgetMs: Math.max(0, budget.remainingMs()), hasTime: budget.hasTime, progress: deps.deskBlobs, cursorKey: RETENTION_CURSOR_KEY },
    );
    return { done: run.done, failed: run.failed, summary: { removed: run.removed.length, done: run.done } };
  },
};

/** Every run: the coach's emails about new comments and readers' emails about her replies, each when due. */
export const commentEmailsTask: ScheduledTask<SchedulerDeps> = {
  name: 'comment-emails',
  async run(deps, { now, budget }) {
    const summary = await retryCommentEmails(commentDepsOfDesk(deps), { now, budget });
    return { done: summary.deferred === 0 && !summary.failed, failed: summary.failed, summary };
  },
};

/** Every run: the build hook, if comments changed and the last build they asked for was 10 minutes ago or more. */
export const commentsRebuildTask: ScheduledTask<SchedulerDeps> = {
  name: 'comments-rebuild',
  async run(deps, { now }) {
    const outcome = await fireRebuildIfDue(deps, now);
    return { done: !outcome.failed, failed: outcome.failed, summary: outcome };
  },
};

export const SCHEDULED_TASKS: readonly ScheduledTask<SchedulerDeps>[] = [spamDigestTask, retryTask, commentEmailsTask, commentsRebuildTask, retentionTask];
