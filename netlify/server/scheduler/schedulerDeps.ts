/**
 * What the scheduled tasks need: the desk's dependencies (the pipeline's store, mailer and clock,
 * the desk store, the used-links store), so that any task, retention included, plugs in as an
 * entry of tasks.ts, plus where each daily task's last run is kept.
 */
import { productionDeskDeps, type DeskDeps } from '../desk/deskDeps.ts';
import type { EnvSource } from '../env.ts';
import { createLastRuns, type LastRuns } from './lastRuns.ts';

export interface SchedulerDeps extends DeskDeps {
  lastRuns: LastRuns;
}

export function productionSchedulerDeps(source: EnvSource = process.env): SchedulerDeps {
  const deps = productionDeskDeps(source);
  return { ...deps, lastRuns: createLastRuns(deps.deskBlobs) };
}
