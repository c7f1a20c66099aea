import type { Config } from '@netlify/functions';
import { createAppDeps } from '#server/app/appDeps.ts';
import { createBudget, RUN_BUDGET_MS } from '#server/budget.ts';
import { runScheduler } from '#server/scheduler/runScheduler.ts';
import { SCHEDULED_TASKS } from '#server/scheduler/tasks.ts';

/** Every quarter hour: the daily notes when they are due, the email retries, one moment and one time budget for all. */
export default async () => {
  const deps = createAppDeps().scheduler;
  const report = await runScheduler(deps, SCHEDULED_TASKS, { now: deps.clock(), budget: createBudget(RUN_BUDGET_MS, () => performance.now()) });
  return Response.json(report, { status: report.failed ? 500 : 200 });
};

export const config: Config = { schedule: '*/15 * * * *' };
