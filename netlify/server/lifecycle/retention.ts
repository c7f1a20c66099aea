/**
 * Retention: a client's data is kept until `retentionMonths` (src/site.config.ts) after their
 * latest submission, then deleted (and taken out of the coach's inbox), with what failed attempts
 * left behind (after a day), used-link markers (a day after their links expire), blog comments
 * never published once UNPUBLISHED_RETENTION_DAYS old (published ones stay while published), the
 * desk's ended sessions and old activity, and notes about clients with nothing left.
 *
 * The scheduler runs it daily (scheduler/tasks.ts) within its time budget and keeps a cursor, so
 * a run that stops for time is resumed where it stopped by the next; `npm run retention` runs it
 * all at once, on demand.
 */
import type { Store } from '@netlify/blobs';
import * as z from 'zod/mini';
import { SITE } from '#src/site.config.ts';
import { UNPUBLISHED_RETENTION_DAYS, type CommentStore } from '../comments/commentStore.ts';
import { requestRebuild } from '../comments/rebuild.ts';
import { purgeOrphanNotes } from '../desk/deskRetention.ts';
import type { DeskStore } from '../desk/deskStore.ts';
import { removeFromIndex } from '../inbox/inboxIndex.ts';
import type { UsedLinks } from '../links/usedLinks.ts';
import type { Logger } from '../log.ts';
import { storeCalls } from '../storeCall.ts';
import { readJson, type RecordSchema } from '../storeJson.ts';
import type { SubmissionStore } from '../submissions/submissionStore.ts';

const CURSOR_KEY = 'cursor';

/**
 * How long one scheduled run may start new work: a scheduled function has 30 seconds, and the
 * client in hand when time is up is finished first.
 */
export const RUN_BUDGET_MS = 20_000;

/** Leftovers of a failed attempt (a pointer or file without its record) are kept this long: a resend may still need them. */
export const ORPHAN_GRACE_MS = 24 * 3600_000;

/** The moment before which a client's latest submission is past the retention period. */
export function retentionCutoff(now: Date, months: number = SITE.retentionMonths): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

export interface RetentionDeps {
  submissions: SubmissionStore;
  usedLinks: UsedLinks;
  desk: DeskStore;
  /** The desk's store itself: the inbox index loses the entries of what retention removes. */
  deskBlobs: Store;
  /** Blog comments; left out, retention does not reach them. */
  comments?: CommentStore;
  clock: () => Date;
  log: Logger;
}

/** Where a pass stands: in the submissions after a client, or at the link markers, the comments or the desk. */
type Cursor = { phase: 'submissions'; after?: string } | { phase: 'links' } | { phase: 'comments' } | { phase: 'desk' };

/** Where an interrupted run stopped, as stored, checked on read (a malformed one stops the run, like an unreadable one). */
const CursorSchema: RecordSchema<Cursor> = z.union([
  z.object({ phase: z.literal('submissions'), after: z.optional(z.string()) }),
  z.object({ phase: z.literal('links') }),
  z.object({ phase: z.literal('comments') }),
  z.object({ phase: z.literal('desk') }),
]);

export interface RetentionRun {
  /** Every key removed, by store: submissions as they are, `links/…`, `desk/…`. */
  removed: string[];
  /** Whether the pass is complete; false leaves the rest to the next run. */
  done: boolean;
  /** Whether a store failed; what it could not do is left for the next run. */
  failed: boolean;
}

/** A run that stops starting new work after `budgetMs`, keeping its place in `progress` for the next. */
export interface Resumable {
  /** Whether new work may still start; by default `budgetMs` on the deps' clock. The scheduler hands in its own budget. */
  hasTime?: () => boolean;
  /** Where the cursor is kept; CURSOR_KEY by default. */
  cursorKey?: string;
  budgetMs: number;
  progress: Store;
}

/**
 * One run: the whole pass (and no cursor) by default, or, when `resumable`, from where the last
 * run stopped until the budget is spent.
 */
export async function runRetention(deps: RetentionDeps, resumable?: Resumable): Promise<RetentionRun> {
  const now = deps.clock();
  const deadline = resumable ? now.getTime() + resumable.budgetMs : Infinity;
  const timeUp = resumable?.hasTime ? () => !resumable.hasTime!() : () => deps.clock().getTime() >= deadline;
  const cursorKey = resumable?.cursorKey ?? CURSOR_KEY;
  const cutoff = retentionCutoff(now);
  const attempt = storeCalls();
  const removed: string[] = [];

  const saved = resumable ? await readJson(resumable.progress, cursorKey, CursorSchema, { call: attempt }) : { ok: true as const, value: null };
  if (!saved.ok) return stopped(deps, removed, 'retention.cursor_unreadable', saved.error.name);
  let cursor: Cursor = saved.value ?? { phase: 'submissions' };
  const leave = async (at: Cursor): Promise<RetentionRun> => {
    const kept = await attempt(() => resumable!.progress.setJSON(cursorKey, at));
    if (!kept.ok) deps.log.error('retention.cursor_unsaved', { error: kept.error.name });
    deps.log.info('retention.paused', { removed: removed.length, phase: at.phase });
    return { removed, done: false, failed: !kept.ok };
  };

  if (cursor.phase === 'submissions') {
    const batch = await deps.submissions.purgeBatch(cutoff, {
      orphanCutoff: new Date(now.getTime() - ORPHAN_GRACE_MS),
      after: cursor.after,
      timeUp,
      // Time to finish the client in hand once the budget is spent.
      ...(resumable ? { deadlineMs: resumable.budgetMs + 8_000 } : {}),
    });
    if (!batch.ok) return stopped(deps, removed, 'retention.submissions_failed', batch.error.name);
    removed.push(...batch.value.removed);
    const unindexed = await removeFromIndex(deps.deskBlobs, { keys: batch.value.removed });
    if (!unindexed.ok) return stopped(deps, removed, 'retention.index_failed', unindexed.error.name);
    if (batch.value.next !== null) return leave({ phase: 'submissions', after: batch.value.next });
    cursor = { phase: 'links' };
  }
  if (cursor.phase === 'links') {
    if (timeUp()) return leave(cursor);
    const links = await deps.usedLinks.purgeExpired(now);
    if (!links.ok) return stopped(deps, removed, 'retention.links_failed', links.error.name);
    removed.push(...links.value.map((key) => `links/${key}`));
    cursor = { phase: 'comments' };
  }
  if (cursor.phase === 'comments') {
    if (deps.comments) {
      if (timeUp()) return leave(cursor);
      const comments = await deps.comments.purge(now, new Date(now.getTime() - UNPUBLISHED_RETENTION_DAYS * 24 * 3600_000));
      if (!comments.ok) return stopped(deps, removed, 'retention.comments_failed', comments.error.name);
      removed.push(...comments.value.removed.map((key) => `comments/${key}`));
      // Only a copy left by a crashed approval of a comment never approved can be published here.
      if (comments.value.unpublished && !(await requestRebuild({ comments: deps.comments, log: deps.log }, now, 'retention')).ok) {
        return stopped(deps, removed, 'retention.comments_failed', 'RebuildUnrecorded');
      }
    }
    cursor = { phase: 'desk' };
  }
  if (timeUp()) return leave(cursor);
  // Ended sessions, expired sign-in links and counters; activity older than the submissions it speaks of.
  const desk = await deps.desk.purge(now, cutoff);
  if (!desk.ok) return stopped(deps, removed, 'retention.desk_failed', desk.error.name);
  // Notes about clients with nothing left stored.
  const notes = await purgeOrphanNotes({ store: deps.submissions, desk: deps.desk });
  if (!notes.ok) return stopped(deps, removed, 'retention.notes_failed', notes.error.name);
  removed.push(...[...desk.value, ...notes.value].map((key) => `desk/${key}`));
  if (resumable) {
    const cleared = await attempt(() => resumable.progress.delete(cursorKey));
    if (!cleared.ok) deps.log.error('retention.cursor_unsaved', { error: cleared.error.name });
  }
  deps.log.info('retention.done', { removed: removed.length });
  return { removed, done: true, failed: false };
}

/** A store failed: the cursor stays where it was, so the next run does this part again. */
function stopped(deps: RetentionDeps, removed: string[], event: string, error: string): RetentionRun {
  deps.log.error(event, { error, removed: removed.length });
  return { removed, done: false, failed: true };
}

/** Where the scheduled run keeps its place between runs, in the desk's store (scheduler/ holds the scheduler's bookkeeping). */
export const RETENTION_CURSOR_KEY = 'scheduler/retention-cursor';
