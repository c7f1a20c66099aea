/**
 * The scheduler's `homework-loop` task: every step that has fallen due, found by listing the
 * hours that hold due keys up to now's hour (never by reading every commitment), is settled
 * once: skipped with a reason when it has gone stale, noted for the coach to text, or emailed.
 * An email is recorded as `sending` (compare-and-swap) before it is attempted and carries the
 * idempotency key `loop/<commitmentId>/<step>`, so two overlapping runs, or a run that dies
 * between the send and the record, still make one email. The due key goes last, once the step
 * is settled. docs/decisions/011-homework-loop.md.
 */
import { commitmentForm } from '../submissions/forms/commitment.ts';
import { storedRecordFor } from '../submissions/forms/storedRecord.ts';
import type { EnvProblem } from '../env.ts';
import type { Logger } from '../log.ts';
import type { Mailer } from '../mail/mailer.ts';
import { ok, type Result } from '../result.ts';
import type { Budget } from '../budget.ts';
import type { StoreError, SubmissionStore } from '../submissions/submissionStore.ts';
import { loopEmail, type LoopEmailSettings } from './loopEmails.ts';
import { dueHour, overdueKey, textKey, type ClientLoopSettings, type DueEntry, type LoopState, type LoopStep, type LoopStore, type StepSend } from './loopStore.ts';
import { followUpMoment, isQuiet } from './plan.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A reminder found later than this after its moment (runs were missed) is stale: skipped, never sent late. */
export const REMINDER_LATE_MS = 2 * HOUR_MS;
/** A `sending` this old was left by a run that died (a run lasts 30 s): the next run may send again, under the same key. */
export const SENDING_LEASE_MS = 2 * MINUTE_MS;
/** Attempts before a step whose email keeps failing for a passing reason is given up as failed. */
export const MAX_ATTEMPTS = 30;
/** A due key without a loop is a start in progress (keys are written first) for this long; after it, a leftover of an erase. */
export const ORPHAN_DUE_KEY_MS = HOUR_MS;
/** Why a step of a client who prefers texts was not emailed: it waits in `texts/` for the coach. */
export const NOTED_FOR_TEXT = 'text: noted for the coach';

export const loopIdempotencyKey = (commitmentId: string, step: LoopStep) => `loop/${commitmentId}/${step}`;

export interface LoopRunDeps {
  store: SubmissionStore;
  loop: LoopStore;
  mailer: Mailer;
  log: Logger;
  /** The signing secret and the site for links, the sender and the coach (the desk's settings). */
  settings: { ready: true; value: LoopEmailSettings } | { ready: false; problems: EnvProblem[] };
}

export interface LoopRunSummary {
  /** Due steps looked at. */
  due: number;
  sent: number;
  /** Settled without an email, for good: answered, stopped, closed, stale; the state says why. */
  skipped: number;
  /** Noted for the coach to send by text. */
  texts: number;
  /** Refused by the email provider for good, or given up after MAX_ATTEMPTS. */
  failed: number;
  /** Still due: later this hour, the client's night, another run on it, a passing failure, no sending slot. */
  waiting: number;
  /** Not looked at: the run's time was spent; the next run goes on. */
  left: number;
  /** Settings the emails need that are missing (their steps stay due). */
  missing: string[];
  /** The store failed somewhere; what it could not do is left for the next run. */
  storeFailed: boolean;
}

type Outcome = 'sent' | 'skipped' | 'texted' | 'failed' | 'waiting' | 'cleared' | 'store-failed';

interface Run {
  deps: LoopRunDeps;
  now: Date;
  clients: Map<string, ClientLoopSettings>;
  /** The paced sender had no slot, or no email can go (no API key): no more sends this run. */
  mailerFull: boolean;
  summary: LoopRunSummary;
}

/** One pass over everything due up to `now`, within the run's budget. */
export async function runLoop(deps: LoopRunDeps, { now, budget }: { now: Date; budget: Budget }): Promise<LoopRunSummary> {
  const summary: LoopRunSummary = { due: 0, sent: 0, skipped: 0, texts: 0, failed: 0, waiting: 0, left: 0, missing: [], storeFailed: false };
  const run: Run = { deps, now, clients: new Map(), mailerFull: false, summary };
  const hours = await deps.loop.listDueHours();
  if (!hours.ok) {
    deps.log.error('loop.list_failed', { error: hours.error.name });
    return { ...summary, storeFailed: true };
  }
  const upTo = dueHour(now);
  for (const hour of hours.value.filter((h) => h <= upTo)) {
    if (!budget.hasTime()) {
      summary.left += 1;
      continue;
    }
    const listed = await deps.loop.listDue(hour);
    if (!listed.ok) {
      deps.log.error('loop.list_failed', { hour, error: listed.error.name });
      summary.storeFailed = true;
      continue;
    }
    for (const entry of listed.value) {
      if (!budget.hasTime()) {
        summary.left += 1;
        continue;
      }
      summary.due += 1;
      const outcome = await settleStep(run, entry, hour);
      if (outcome === 'sent') summary.sent += 1;
      else if (outcome === 'skipped') summary.skipped += 1;
      else if (outcome === 'texted') summary.texts += 1;
      else if (outcome === 'failed') summary.failed += 1;
      else if (outcome === 'waiting') summary.waiting += 1;
      else if (outcome === 'store-failed') summary.storeFailed = true;
    }
  }
  if (!deps.settings.ready && summary.missing.length > 0) {
    for (const variable of summary.missing) deps.log.error('loop.missing_setting', { variable, effect: 'homework emails stay due until it is set' });
  }
  deps.log.info('loop.done', { ...summary, missing: summary.missing.join(',') });
  return summary;
}

const isSettled = (send: StepSend | undefined) => send !== undefined && send.state !== 'sending';

/** Why a due step will never be sent, or null when it still should be. */
function staleReason(state: LoopState, step: LoopStep, now: Date, client: ClientLoopSettings): string | null {
  if (state.answer) return 'answered';
  if (state.closedBy) return 'closed: a new commitment replaced it';
  if (client.stoppedAt) return 'stopped: the client turned reminders off';
  if (step === 'reminder') {
    if (now.getTime() >= Date.parse(state.deadline)) return 'stale: found after its deadline';
    if (now.getTime() - Date.parse(state.plan.reminder!) > REMINDER_LATE_MS) return 'stale: found long after it was due (missed runs)';
  }
  return null;
}

function storeFailed(run: Run, event: string, entry: DueEntry, error: StoreError): Outcome {
  run.deps.log.warn(event, { id: entry.commitmentId, step: entry.step, error: error.name });
  return 'store-failed';
}

async function clientOf(run: Run, hash: string): Promise<Result<ClientLoopSettings, StoreError>> {
  const known = run.clients.get(hash);
  if (known) return ok(known);
  const read = await run.deps.loop.getClient(hash);
  if (read.ok) run.clients.set(hash, read.value);
  return read;
}

async function settleStep(run: Run, entry: DueEntry, hour: string): Promise<Outcome> {
  const { deps, now } = run;
  const read = await deps.loop.get(entry.commitmentId);
  if (!read.ok) return storeFailed(run, 'loop.read_failed', entry, read.error);
  const state = read.value?.state;
  if (!state) {
    if (hour >= dueHour(new Date(now.getTime() - ORPHAN_DUE_KEY_MS))) return 'waiting';
    return clear(run, entry, 'cleared');
  }
  const planned = state.plan[entry.step];
  if (!planned) return clear(run, entry, 'cleared');
  if (Date.parse(planned) > now.getTime()) {
    if (dueHour(planned) === hour) return 'waiting';
    // The plan moved on since this key was written (a new date): the plan's own key stands for it.
    const added = await deps.loop.addDue(planned, entry.commitmentId, entry.step);
    return added.ok ? clear(run, entry, 'cleared') : storeFailed(run, 'loop.due_not_moved', entry, added.error);
  }
  if (isSettled(state.sends[entry.step])) return finish(run, entry, state, 'cleared');

  const client = await clientOf(run, state.clientHash);
  if (!client.ok) return storeFailed(run, 'loop.read_failed', entry, client.error);
  const stale = staleReason(state, entry.step, now, client.value);
  if (stale) return settleWithout(run, entry, stale, 'skipped');
  if (entry.step === 'follow-up') {
    const waiting = await followUpAfterCheckIn(run, entry, state, hour);
    if (waiting) return waiting;
  }
  // Never at night on their clock: a check-in found late waits for their morning.
  if (isQuiet(now, state.timeZone)) return 'waiting';
  if (state.channel === 'text') {
    const marked = await deps.loop.mark(textKey(entry.commitmentId, entry.step));
    if (!marked.ok) return storeFailed(run, 'loop.text_not_noted', entry, marked.error);
    return settleWithout(run, entry, NOTED_FOR_TEXT, 'texted');
  }
  return email(run, entry, client.value);
}

/**
 * The follow-up comes two days after the check-in went. After missed runs both can fall due at
 * once: the follow-up then waits for the check-in, and moves to two days after it went.
 */
async function followUpAfterCheckIn(run: Run, entry: DueEntry, state: LoopState, hour: string): Promise<Outcome | null> {
  const checkIn = state.sends['check-in'];
  if (!isSettled(checkIn)) return state.plan['check-in'] ? 'waiting' : null;
  const reached = checkIn!.state === 'sent' || checkIn!.why === NOTED_FOR_TEXT;
  if (!reached || run.now.getTime() - Date.parse(checkIn!.at) >= 24 * HOUR_MS) return null;
  const moved = followUpMoment(new Date(checkIn!.at), state.timeZone).toISOString();
  // The new key before the state that names it, the old one last (decision 011).
  const added = await run.deps.loop.addDue(moved, entry.commitmentId, 'follow-up');
  if (!added.ok) return storeFailed(run, 'loop.due_not_moved', entry, added.error);
  const updated = await run.deps.loop.update(entry.commitmentId, (s) => (s.plan['follow-up'] === moved ? null : { ...s, plan: { ...s.plan, 'follow-up': moved } }));
  if (!updated.ok) return storeFailed(run, 'loop.due_not_moved', entry, updated.error);
  if (dueHour(moved) === hour) return 'waiting';
  return clear(run, entry, 'waiting');
}

/** Records a step as settled without an email (skipped, or noted for a text), then tidies up. */
async function settleWithout(run: Run, entry: DueEntry, why: string, outcome: 'skipped' | 'texted'): Promise<Outcome> {
  const { step, commitmentId } = entry;
  const at = run.now.toISOString();
  const updated = await run.deps.loop.update(commitmentId, (s) => {
    if (isSettled(s.sends[step])) return null;
    return { ...s, sends: { ...s.sends, [step]: { state: 'skipped', at, idempotencyKey: loopIdempotencyKey(commitmentId, step), attempts: s.sends[step]?.attempts ?? 0, why } } };
  });
  if (!updated.ok) return storeFailed(run, 'loop.not_recorded', entry, updated.error);
  if (!updated.value) return clear(run, entry, 'cleared');
  run.deps.log.info(outcome === 'texted' ? 'loop.noted_for_text' : 'loop.skipped', { id: commitmentId, step, why });
  return finish(run, entry, updated.value, outcome);
}

/** Once a step is settled: an unanswered follow-up makes the commitment overdue for the coach; then the due key goes. */
async function finish(run: Run, entry: DueEntry, state: LoopState, outcome: Outcome): Promise<Outcome> {
  if (entry.step === 'follow-up' && !state.answer && !state.closedBy) {
    const marked = await run.deps.loop.mark(overdueKey(entry.commitmentId));
    if (!marked.ok) return storeFailed(run, 'loop.overdue_not_marked', entry, marked.error);
  }
  return clear(run, entry, outcome);
}

async function clear(run: Run, entry: DueEntry, outcome: Outcome): Promise<Outcome> {
  const cleared = await run.deps.loop.clearDue(entry.key);
  // The step is settled; a key left behind is looked at again and cleared by the next run.
  if (!cleared.ok) run.deps.log.warn('loop.due_not_cleared', { id: entry.commitmentId, step: entry.step, error: cleared.error.name });
  return outcome;
}

/** Writes a send's outcome, unless another run already wrote a better one (sent beats everything). */
function recordSend(run: Run, entry: DueEntry, next: StepSend) {
  return run.deps.loop.update(entry.commitmentId, (s) => {
    const current = s.sends[entry.step];
    if (current?.state === 'sent' || (next.state !== 'sent' && isSettled(current))) return null;
    return { ...s, sends: { ...s.sends, [entry.step]: next } };
  });
}

async function email(run: Run, entry: DueEntry, client: ClientLoopSettings): Promise<Outcome> {
  const { deps, now, summary } = run;
  const { commitmentId, step } = entry;
  if (run.mailerFull) return 'waiting';
  if (!deps.settings.ready) {
    for (const problem of deps.settings.problems) if (!summary.missing.includes(problem.variable)) summary.missing.push(problem.variable);
    return 'waiting';
  }
  const found = await deps.store.get('commitment', commitmentId);
  if (!found.ok) return storeFailed(run, 'loop.read_failed', entry, found.error);
  const record = found.value ? storedRecordFor(commitmentForm, found.value.record) : null;
  if (!record) return settleWithout(run, entry, 'stale: the commitment is no longer stored', 'skipped');

  // Claimed before it is sent: a run that finds a fresh `sending` leaves the step to the run that wrote it.
  const idempotencyKey = loopIdempotencyKey(commitmentId, step);
  let claimed: StepSend | null = null;
  const claim = await deps.loop.update(commitmentId, (s) => {
    claimed = null;
    const current = s.sends[step];
    if (isSettled(current) || s.answer || s.closedBy) return null;
    const since = current ? now.getTime() - Date.parse(current.at) : Infinity;
    if (current && since >= 0 && since < SENDING_LEASE_MS) return null;
    claimed = { state: 'sending', at: now.toISOString(), idempotencyKey, attempts: (current?.attempts ?? 0) + 1 };
    return { ...s, sends: { ...s.sends, [step]: claimed } };
  });
  if (!claim.ok) return storeFailed(run, 'loop.not_claimed', entry, claim.error);
  const sending = claimed as StepSend | null;
  if (!sending || !claim.value) return 'waiting';

  const message = loopEmail({ step, record, state: claim.value, linkVersion: client.linkVersion, settings: deps.settings.value });
  const sent = await deps.mailer.send(message, { idempotencyKey });
  const at = now.toISOString();
  if (sent.ok || sent.error.kind === 'already_sent') {
    const recorded = await recordSend(run, entry, { state: 'sent', at, idempotencyKey, attempts: sending.attempts, ...(sent.ok ? { providerId: sent.value.id } : {}) });
    deps.log.info('loop.sent', { id: commitmentId, step });
    if (!recorded.ok) {
      // It went: its key stays, and the next run's send under the same idempotency key makes no second email.
      storeFailed(run, 'loop.sent_not_recorded', entry, recorded.error);
      summary.storeFailed = true;
      return 'sent';
    }
    return finish(run, entry, recorded.value ?? claim.value, 'sent');
  }
  const { error } = sent;
  if (error.kind === 'deferred' || error.kind === 'unconfigured') {
    // Nothing was tried: the claim runs out and the next run sends it.
    run.mailerFull = true;
    return 'waiting';
  }
  if (error.kind === 'transient' && sending.attempts < MAX_ATTEMPTS) {
    deps.log.warn('loop.send_failed', { id: commitmentId, step, error: error.name, attempts: sending.attempts });
    const noted = await recordSend(run, entry, { ...sending, why: error.name });
    return noted.ok ? 'waiting' : storeFailed(run, 'loop.not_recorded', entry, noted.error);
  }
  deps.log.error('loop.send_failed', { id: commitmentId, step, error: error.name, attempts: sending.attempts, permanent: true });
  const failed = await recordSend(run, entry, { state: 'failed', at, idempotencyKey, attempts: sending.attempts, why: error.name });
  if (!failed.ok) return storeFailed(run, 'loop.not_recorded', entry, failed.error);
  return finish(run, entry, failed.value ?? claim.value, 'failed');
}
