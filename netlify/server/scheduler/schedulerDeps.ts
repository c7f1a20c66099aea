/**
 * What the scheduled tasks need: the desk's dependencies (the pipeline's store, mailer and clock,
 * the desk store, the used-links store), so that any task, retention included, plugs in as an
 * entry of tasks.ts, plus where each daily task's last run is kept.
 */
import type { BuildHook } from '../comments/rebuild.ts';
import { productionDeskDeps, type DeskDeps } from '../desk/deskDeps.ts';
import { buildHookUrl, type EnvSource } from '../env.ts';
import { createLastRuns, type LastRuns } from './lastRuns.ts';

export interface SchedulerDeps extends DeskDeps {
  lastRuns: LastRuns;
  /** Netlify's build hook (BUILD_HOOK_URL), fired when comments changed; without it a change shows on the next build. */
  buildHook?: BuildHook;
}

export function productionSchedulerDeps(source: EnvSource = process.env): SchedulerDeps {
  const deps = productionDeskDeps(source);
  const hook = buildHookUrl(source);
  if (!hook.ok) deps.log.error('env.invalid', { variable: hook.error.variable });
  return { ...deps, lastRuns: createLastRuns(deps.deskBlobs), ...(hook.ok && hook.value ? { buildHook: { url: hook.value, fetch: (url, init) => fetch(url, init) } } : {}) };
}
