/**
 * What the scheduled tasks need: the desk's dependencies (the pipeline's store, mailer and clock,
 * the forms' handlers with their steps, the desk store, the used-links store), so that any task,
 * retention included, plugs in as an entry of tasks.ts, plus where each daily task's last run is
 * kept. Made by the composition root (netlify/server/app/appDeps.ts).
 */
import type { BuildHook } from '../comments/rebuild.ts';
import type { DeskDeps } from '../desk/deskDeps.ts';
import type { LastRuns } from './lastRuns.ts';

export interface SchedulerDeps extends DeskDeps {
  lastRuns: LastRuns;
  /** Netlify's build hook (BUILD_HOOK_URL), fired when comments changed; without it a change shows on the next build. */
  buildHook?: BuildHook;
}
