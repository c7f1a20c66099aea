/**
 * One queue for every request this process makes to Resend. Resend allows a few requests a
 * second per team, shared by every key and every function (2 by default:
 * https://resend.com/docs/api-reference/rate-limit), so sends are spaced 1/rate apart rather
 * than fired together. A caller that would wait longer than a function may is not sent now:
 * its email stays pending and the retry job sends it. A 429 with retry-after holds back every
 * send until then. Other instances of a function pace themselves; a 429 between them is
 * retried like any other.
 */
import { fail } from '../result.ts';
import type { Mailer, SendError } from './mailer.ts';

export interface PacedSenderOptions {
  /** Requests a second for the whole process. */
  perSecond: number;
  /** The longest a caller waits for its turn before its email is left to the retry job. */
  maxWaitMs: number;
  /** Milliseconds on some clock; `sleep` waits on the same clock. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export type Turn<T> = { ran: true; value: T } | { ran: false };

export interface PacedSender {
  /** Runs `work` in the next free slot, or not at all when that slot is too far away. */
  run<T>(work: () => Promise<T>): Promise<Turn<T>>;
  /** No request starts for this long (Resend's retry-after). */
  pauseFor(ms: number): void;
}

export function createPacedSender({ perSecond, maxWaitMs, now, sleep }: PacedSenderOptions): PacedSender {
  const spacing = 1000 / perSecond;
  let nextSlot = -Infinity;
  let pausedUntil = -Infinity;
  return {
    async run(work) {
      const deadline = now() + maxWaitMs;
      for (;;) {
        const current = now();
        const slot = Math.max(current, nextSlot, pausedUntil);
        if (slot > deadline) return { ran: false };
        nextSlot = slot + spacing;
        await sleep(slot - current);
        // A 429 that arrived while this caller slept moves every slot; take a new one.
        if (pausedUntil <= slot) return { ran: true, value: await work() };
      }
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
  };
}

/** How long to hold back every send after a 429 that did not say (one rate window). */
const DEFAULT_PAUSE_MS = 1000;

/** A mailer whose every request waits its turn in `sender`, and whose 429s pause it. */
export function pacedMailer(mailer: Mailer, sender: PacedSender): Mailer {
  return {
    async send(message, options) {
      const turn = await sender.run(() => mailer.send(message, options));
      if (!turn.ran) return fail<SendError>({ kind: 'deferred', name: 'deferred' });
      const sent = turn.value;
      if (!sent.ok && (sent.error.retryAfterMs !== undefined || sent.error.status === 429)) {
        sender.pauseFor(sent.error.retryAfterMs ?? DEFAULT_PAUSE_MS);
      }
      return sent;
    },
  };
}
