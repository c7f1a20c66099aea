/**
 * Published comments are part of the static pages, so a change (an approval, a reply, an edit,
 * a deletion, an erase) shows once the site is built again. A change only records that it wants
 * a build (`rebuild/state`, requestedAt); the scheduler fires Netlify's build hook
 * (BUILD_HOOK_URL) at most once every REBUILD_SPACING_MS, so ten approvals in a row make one
 * build, and each build costs the site's build minutes once. Without a hook (and locally),
 * nothing is fired and the log says the change shows on the next build; `npm start` renders
 * posts from the local store, so there it shows at once. docs/decisions/012-comments.md.
 */
import type { Logger } from '../log.ts';
import { errorName, ok, type Result } from '../result.ts';
import type { StoreError } from '../storeCall.ts';
import type { CommentStore, RebuildState } from './commentStore.ts';

/** The least time between two builds fired for comments. */
export const REBUILD_SPACING_MS = 10 * 60_000;
/** How long the build hook may take to answer before the fire counts as failed (and is tried again). */
export const BUILD_HOOK_TIMEOUT_MS = 10_000;

/** Netlify's build hook, and how to reach it (a dependency, so tests use a local server and never the internet). */
export interface BuildHook {
  url: string;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
}

/** Records that the site should be built again because of a change made at `now`. */
export async function requestRebuild(deps: { comments: CommentStore; log: Logger }, now: Date, why: string): Promise<Result<void, StoreError>> {
  const at = now.toISOString();
  const updated = await deps.comments.updateRebuild((state) => (state.requestedAt && state.requestedAt >= at ? null : { ...state, requestedAt: at }));
  if (!updated.ok) {
    deps.log.error('comments.rebuild_unrecorded', { why, error: updated.error.name });
    return updated;
  }
  deps.log.info('comments.rebuild_requested', { why });
  return ok(undefined);
}

export interface RebuildOutcome {
  /** The hook was called and answered 2xx. */
  fired: boolean;
  /** A change waits for a build that spacing holds back, or a failed fire to be tried again. */
  waiting: boolean;
  failed: boolean;
}

const waitingFor = (state: RebuildState | null): state is RebuildState & { requestedAt: string } => Boolean(state?.requestedAt && state.requestedAt !== state.builtFor);

/**
 * The scheduler's part: fires the build hook when a change waits for a build and the last fire
 * was long enough ago. Two overlapping runs cannot both fire: each claims the fire by a
 * compare-and-swap of `lastFireAt` first.
 */
export async function fireRebuildIfDue(deps: { comments: CommentStore; log: Logger; buildHook?: BuildHook | undefined }, now: Date): Promise<RebuildOutcome> {
  const read = await deps.comments.getRebuild();
  if (!read.ok) {
    deps.log.error('comments.rebuild_unreadable', { error: read.error.name });
    return { fired: false, waiting: false, failed: true };
  }
  const state = read.value;
  if (!waitingFor(state)) return { fired: false, waiting: false, failed: false };
  const requestedAt = state.requestedAt;

  if (!deps.buildHook) {
    // Said once per change: marking it answered keeps the next runs quiet until another change.
    deps.log.info('comments.rebuild_not_configured', { variable: 'BUILD_HOOK_URL', effect: 'the change shows on the next build' });
    const settled = await deps.comments.updateRebuild((current) => (current.builtFor && current.builtFor >= requestedAt ? null : { ...current, builtFor: requestedAt }));
    return { fired: false, waiting: false, failed: !settled.ok };
  }

  if (state.lastFireAt && now.getTime() - Date.parse(state.lastFireAt) < REBUILD_SPACING_MS) return { fired: false, waiting: true, failed: false };

  const firedAt = now.toISOString();
  let claimed = false;
  const claim = await deps.comments.updateRebuild((current) => {
    // Another run fired since this one read: it is theirs. (Asked again on every try of the swap.)
    claimed = current.lastFireAt === state.lastFireAt;
    return claimed ? { ...current, lastFireAt: firedAt } : null;
  });
  if (!claim.ok) {
    deps.log.error('comments.rebuild_unclaimed', { error: claim.error.name });
    return { fired: false, waiting: true, failed: true };
  }
  if (!claimed) return { fired: false, waiting: true, failed: false };

  const answered = await callHook(deps.buildHook);
  if (!answered.ok) {
    // Left waiting: the next run after the spacing tries again.
    deps.log.error('comments.rebuild_hook_failed', { error: answered.error.name });
    return { fired: false, waiting: true, failed: true };
  }
  const done = await deps.comments.updateRebuild((current) => (current.builtFor && current.builtFor >= requestedAt ? null : { ...current, builtFor: requestedAt }));
  // Not recorded: the next run fires once more after the spacing, a build too many, never one too few.
  if (!done.ok) deps.log.warn('comments.rebuild_unsaved', { error: done.error.name });
  deps.log.info('comments.rebuild_fired', {});
  return { fired: true, waiting: false, failed: false };
}

async function callHook(hook: BuildHook): Promise<Result<void, { name: string }>> {
  try {
    const response = await hook.fetch(hook.url, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' }, signal: AbortSignal.timeout(BUILD_HOOK_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.ok ? ok(undefined) : { ok: false, error: { name: `http_${response.status}` } };
  } catch (error) {
    return { ok: false, error: { name: errorName(error) } };
  }
}
