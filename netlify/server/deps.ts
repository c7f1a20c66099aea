/**
 * The real dependencies of the functions: the Netlify Blobs store (strongly consistent, so a
 * retry sees what was just written), Resend behind the process's one paced sender, the system
 * clock and the privacy-safe logger. Settings are read on every call and each problem stops
 * only what needs the setting: storing a submission needs none, so a missing COACH_EMAIL keeps
 * emails pending instead of losing answers, and a missing RESEND_API_KEY does the same, with
 * one error in the log per run. Nothing here ever sends email anywhere but Resend.
 */
import { getStore } from '@netlify/blobs';
import { SITE } from '#src/site.config.ts';
import { CATALOG } from './catalog.ts';
import { DESK_STORE } from './desk/deskStore.ts';
import { mailSettings, resendApiKey, siteUrl, tuning, type EnvSource } from './env.ts';
import type { SubmissionDeps } from './submissions/handleSubmission.ts';
import { localClock } from './localClock.ts';
import { localMailer } from './mail/localMailer.ts';
import { createConsoleLogger, type Logger } from './log.ts';
import { createLoopStore } from './loop/loopStore.ts';
import { createResendMailer, createUnconfiguredMailer, type Mailer } from './mail/mailer.ts';
import type { EmailSettings } from './submissions/notify.ts';
import { createPacedSender, pacedMailer, type PacedSender } from './mail/pacedSender.ts';
import { openSubmissionStore } from './lifecycle/clientStores.ts';

export const SUBMISSIONS_STORE = 'submissions';

/** How long a send may wait for its turn before the email is left to the retry job: a function must answer. */
export const SEND_MAX_WAIT_MS = 2000;

let sender: PacedSender | undefined;

/** The one sender of this process: form functions and the retry job queue in the same line. */
function sharedSender(perSecond: number): PacedSender {
  sender ??= createPacedSender({
    perSecond,
    maxWaitMs: SEND_MAX_WAIT_MS,
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  return sender;
}

function mailerFor(source: EnvSource, perSecond: number, timeoutMs: number, log: Logger): Mailer {
  const key = resendApiKey(source);
  if (key.ok && key.value) return pacedMailer(createResendMailer(key.value, timeoutMs), sharedSender(perSecond));
  return localMailer() ?? createUnconfiguredMailer(log);
}

function emailSettings(source: EnvSource): EmailSettings {
  const mail = mailSettings(source);
  if (mail.ok) return { catalog: CATALOG, ready: true, ...mail.value };
  // The cross-site check still needs an address; emails wait for the real one.
  const site = siteUrl(source);
  return { catalog: CATALOG, siteUrl: site.ok ? site.value : SITE.url, ready: false, problems: mail.error };
}

export function productionDeps(source: EnvSource = process.env): SubmissionDeps {
  const log = createConsoleLogger();
  const { value: tuned, problems } = tuning(source);
  const key = resendApiKey(source);
  for (const problem of key.ok ? problems : [...problems, key.error]) log.error('env.invalid', { variable: problem.variable });
  const submissions = getStore({ name: SUBMISSIONS_STORE, consistency: 'strong' });
  return {
    store: openSubmissionStore(submissions),
    // The homework loop's state lives beside the records it follows (loop/loopStore.ts).
    loop: createLoopStore(submissions),
    inbox: { desk: getStore({ name: DESK_STORE, consistency: 'strong' }), timeZone: SITE.timeZone },
    mailer: mailerFor(source, tuned.resendRequestsPerSecond, tuned.mailTimeoutMs, log),
    // The system clock, unless the local runtime set another (localClock.ts: npm run jobs -- --at).
    clock: localClock() ?? (() => new Date()),
    log,
    catalog: CATALOG,
    minFillMs: tuned.spamMinFillSeconds * 1000,
    email: emailSettings(source),
  };
}
