/**
 * One scheduled run: every task in order, all at one moment (the run's `now`) and within one
 * time budget. A task runs every time unless it has a `due` rule; a task with one runs when due
 * (from when it last finished, kept in `lastRuns`), so a missed run is caught up by the next.
 * When the budget is spent nothing new starts; what was left is named in the report and the next
 * run takes it up. docs/decisions/010-one-scheduler.md.
 */
import type { Logger } from '../log.ts';
import { errorName } from '../result.ts';
import type { Budget } from '../budget.ts';
import type { LastRuns } from './lastRuns.ts';

/** What a task is handed for one run. */
export interface TaskRun {
  /** The run's moment, the same for every task of the run. */
  now: Date;
  /** When this task last finished (for a task with `due`), if it ever did. */
  lastRun: Date | undefined;
  /** The run's time, shared with the tasks before and after: start nothing once it is spent. */
  budget: Budget;
}

export interface TaskOutcome {
  /** It did all it was due for: a task with `due` is recorded as run, and waits for its next time. */
  done: boolean;
  /** Something went wrong (the log names it): the run answers 500, so Netlify's log shows it. */
  failed: boolean;
  /** What it did, in counts and flags (the run's answer: never personal data). */
  summary: object;
}

export interface ScheduledTask<D> {
  /** Names the task in the report and in `lastRuns`: never rename one that has run. */
  name: string;
  /** When the task is due, given when it last finished; without it, the task runs every run. */
  due?: (now: Date, lastRun: Date | undefined) => boolean;
  run(deps: D, run: TaskRun): Promise<TaskOutcome>;
}

export interface SchedulerDepsBase {
  lastRuns: LastRuns;
  log: Logger;
}

/** A task's part of the run's answer: why it did not run, or its outcome with its summary's counts. */
export type TaskReport =
  | { ran: false; why: 'not due' | 'no time left' | 'last run unreadable' }
  | { ran: true; done: boolean; failed: boolean; [count: string]: unknown };

export interface SchedulerReport {
  /** The run's moment (ISO). */
  at: string;
  tasks: Record<string, TaskReport>;
  /** Tasks not started because the run's time was spent: the next run starts them. */
  left: string[];
  failed: boolean;
}

export async function runScheduler<D extends SchedulerDepsBase>(
  deps: D,
  tasks: readonly ScheduledTask<D>[],
  { now, budget }: { now: Date; budget: Budget },
): Promise<SchedulerReport> {
  const report: SchedulerReport = { at: now.toISOString(), tasks: {}, left: [], failed: false };
  for (const task of tasks) {
    if (!budget.hasTime()) {
      report.tasks[task.name] = { ran: false, why: 'no time left' };
      report.left.push(task.name);
      continue;
    }
    let lastRun: Date | undefined;
    if (task.due) {
      const read = await deps.lastRuns.get(task.name);
      if (!read.ok) {
        // Unknown is not "never": running now could repeat today's work; the next run asks again.
        deps.log.error('scheduler.last_run_unreadable', { task: task.name, error: read.error.name });
        report.tasks[task.name] = { ran: false, why: 'last run unreadable' };
        report.failed = true;
        continue;
      }
      lastRun = read.value;
      if (!task.due(now, lastRun)) {
        report.tasks[task.name] = { ran: false, why: 'not due' };
        continue;
      }
    }
    const outcome = await runOne(deps, task, { now, lastRun, budget });
    report.tasks[task.name] = { ...outcome.summary, ran: true, done: outcome.done, failed: outcome.failed };
    if (outcome.failed) report.failed = true;
    if (task.due && outcome.done) {
      const saved = await deps.lastRuns.set(task.name, now);
      if (!saved.ok) {
        // The work is done; the next run may do it again, and its idempotency keeps that harmless.
        deps.log.error('scheduler.last_run_unsaved', { task: task.name, error: saved.error.name });
        report.failed = true;
      }
    }
  }
  deps.log.info('scheduler.done', { at: report.at, ran: Object.values(report.tasks).filter((t) => t.ran).length, left: report.left.length, failed: report.failed });
  return report;
}

/** A task that throws (a mistake in it) fails alone: the tasks after it still run. */
async function runOne<D extends SchedulerDepsBase>(deps: D, task: ScheduledTask<D>, run: TaskRun): Promise<TaskOutcome> {
  try {
    return await task.run(deps, run);
  } catch (error) {
    deps.log.error('scheduler.task_threw', { task: task.name, error: errorName(error) });
    return { done: false, failed: true, summary: {} };
  }
}
