/**
 * The one retry state machine for an email kept in a record (a submission's notifications, a
 * comment's moderation email and reply notice): what an attempt's outcome makes of the email's
 * state, when it is due again (backoff as decision 006), and nothing else. Who sends, under which
 * idempotency key, and where the state is stored stay with the caller.
 */
import type { Result } from '../result.ts';
import type { SendError } from './mailer.ts';

/** The part of an email's stored state that attempts change. */
export interface RetryState {
  status: string;
  attempts: number;
  /** When the retry job should try again (ISO time), while pending. */
  nextAttemptAt?: string;
  /** The last failure's error name (never its message). */
  lastError?: string;
  sentAt?: string;
  providerId?: string;
}

/** What an attempt makes of the state: every field of RetryState not named here is cleared. */
export type RetryFields =
  | { status: 'sent'; attempts: number; sentAt: string; providerId?: string }
  | { status: 'failed'; attempts: number; lastError: string }
  | { status: 'pending'; attempts: number; lastError: string; nextAttemptAt?: string };

/** Waits between attempts: 1, 2, 4, 8… minutes, at most 6 hours. */
export function backoffMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360);
}

/** Pending, and its wait (if any) is over. */
export const isDueNow = (state: RetryState, now: Date) => state.status === 'pending' && (!state.nextAttemptAt || Date.parse(state.nextAttemptAt) <= now.getTime());

/**
 * The outcome of one send: sent (or already sent under its key: that email went out), failed for
 * good, or pending, due again after the backoff (or the provider's Retry-After, if longer); an
 * unconfigured sender counts no attempt and is due on the next run. Null when the paced sender
 * put the send off: nothing was tried.
 */
export function afterAttempt(state: RetryState, sent: Result<{ id: string }, SendError>, now: Date): RetryFields | null {
  const attempts = state.attempts + 1;
  if (sent.ok) return { status: 'sent', attempts, sentAt: now.toISOString(), providerId: sent.value.id };
  const { error } = sent;
  switch (error.kind) {
    case 'already_sent':
      return { status: 'sent', attempts, sentAt: now.toISOString() };
    case 'deferred':
      return null;
    case 'unconfigured':
      return { status: 'pending', attempts: state.attempts, lastError: error.name };
    case 'permanent':
      return { status: 'failed', attempts, lastError: error.name };
    default: {
      const wait = Math.max(backoffMinutes(attempts) * 60_000, error.retryAfterMs ?? 0);
      return { status: 'pending', attempts, lastError: error.name, nextAttemptAt: new Date(now.getTime() + wait).toISOString() };
    }
  }
}

/** A stored state with an attempt's fields in place of its old ones (its other fields, like a comment's slotTaken, kept). */
export function withAttempt<S extends RetryState>(state: S, fields: RetryFields): Omit<S, keyof RetryState> & RetryFields {
  const { status: _status, attempts: _attempts, nextAttemptAt: _due, lastError: _error, sentAt: _sentAt, providerId: _providerId, ...rest } = state;
  return { ...rest, ...fields };
}

/** The next state after a send, or null when the paced sender put it off. */
export function nextRetryState<S extends RetryState>(state: S, sent: Result<{ id: string }, SendError>, now: Date): (Omit<S, keyof RetryState> & RetryFields) | null {
  const fields = afterAttempt(state, sent, now);
  return fields ? withAttempt(state, fields) : null;
}
