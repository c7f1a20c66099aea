/**
 * The one composition root: every Netlify Blobs store opened once (strongly consistent, so a
 * retry sees what was just written), Resend behind the process's one paced sender, the system
 * clock and the privacy-safe logger, and each capability handed the slice it needs. A function
 * entry (netlify/functions/) calls createAppDeps() per request and passes on one slice.
 *
 * Production fails loudly: a missing setting on Netlify is named, never a quiet fallback. Settings
 * are read on every call and each problem stops only what needs the setting: storing a
 * submission needs none, so a missing COACH_EMAIL keeps emails pending instead of losing
 * answers, and a missing RESEND_API_KEY does the same, with one error in the log per run. A
 * missing SIGNING_SECRET is named by whatever needs it (the desk, a check-in link, a comment's
 * moderation email). Nothing here ever sends email anywhere but Resend, except on this machine,
 * where the local runtime sets the clock and the mailer (localClock(), localMailer()).
 */
import { getStore, type Store } from '@netlify/blobs';
import { SITE } from '#src/site.config.ts';
import { CATALOG } from '../catalog.ts';
import type { CheckInDeps } from '../checkIn/checkInDeps.ts';
import type { CommentDeps } from '../comments/commentDeps.ts';
import { createCommentStore } from '../comments/commentStore.ts';
import { COMMENTS_STORE } from '../comments/published.ts';
import type { BuildHook } from '../comments/rebuild.ts';
import type { DeskDeps } from '../desk/deskDeps.ts';
import { createDeskStore, DESK_STORE } from '../desk/deskStore.ts';
import { buildHookUrl, mailSettings, resendApiKey, signingSecret, siteUrl, tuning, type EnvSource } from '../env.ts';
import { createUsedLinks, USED_LINKS_STORE } from '../links/usedLinks.ts';
import { localClock } from '../localClock.ts';
import { createConsoleLogger, type Logger } from '../log.ts';
import { createLoopStore } from '../loop/loopStore.ts';
import { localMailer } from '../mail/localMailer.ts';
import { createResendMailer, createUnconfiguredMailer, type Mailer } from '../mail/mailer.ts';
import { createPacedSender, pacedMailer, type PacedSender } from '../mail/pacedSender.ts';
import type { MyDeps } from '../my/myDeps.ts';
import { createLastRuns } from '../scheduler/lastRuns.ts';
import type { SchedulerDeps } from '../scheduler/schedulerDeps.ts';
import type { FormHandlers } from '../submissions/forms/index.ts';
import type { SubmissionDeps } from '../submissions/handleSubmission.ts';
import type { EmailSettings } from '../submissions/notify.ts';
import { loopCompanions } from '../lifecycle/clientStores.ts';
import { createSubmissionStore } from '../submissions/submissionStore.ts';
import { formHandlers } from './formHandlers.ts';

export const SUBMISSIONS_STORE = 'submissions';

/** Every blob store the functions use, by name: each is opened once per createAppDeps. */
export const APP_STORES = [SUBMISSIONS_STORE, DESK_STORE, USED_LINKS_STORE, COMMENTS_STORE] as const;

/** How long a send may wait for its turn before the email is left to the retry job: a function must answer. */
export const SEND_MAX_WAIT_MS = 2000;

/** The form endpoints' slice: the pipeline's parts, and the forms' handlers with their steps after storing. */
export type PipelineDeps = SubmissionDeps & { handlers: FormHandlers };

export interface AppDeps {
  /** The forms' handlers with their steps (app/formHandlers.ts): a form endpoint passes its own, `handlers.intake`… */
  handlers: FormHandlers;
  /** The form endpoints (submissions/handleSubmission.ts). */
  pipeline: PipelineDeps;
  /** The Done / Partly / Not yet links (checkIn/). */
  checkIn: CheckInDeps;
  /** Blog comments (comments/). */
  comments: CommentDeps;
  /** The coach's desk (desk/). */
  desk: DeskDeps;
  /** A client's own page and the stop link of their reminders (my/). */
  my: MyDeps;
  /** The scheduled tasks (scheduler/); made when first asked for, so only the scheduler logs a bad BUILD_HOOK_URL. */
  readonly scheduler: SchedulerDeps;
}

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

/** What the desk and a client's page sign and address with: the secret and the mail settings, or every one missing. */
function privateSettings(source: EnvSource): DeskDeps['settings'] {
  const secret = signingSecret(source);
  const mail = mailSettings(source);
  if (secret.ok && mail.ok) return { ready: true, value: { secret: secret.value, ...mail.value, timeZone: SITE.timeZone } };
  return { ready: false, problems: [...(secret.ok ? [] : [secret.error]), ...(mail.ok ? [] : mail.error)] };
}

/** The scheduler's slice: the desk's, where each daily task's last run is kept, and the build hook if it is set. */
function schedulerOf(desk: DeskDeps, source: EnvSource): SchedulerDeps {
  const hook = buildHookUrl(source);
  if (!hook.ok) desk.log.error('env.invalid', { variable: hook.error.variable });
  const buildHook: BuildHook | undefined = hook.ok && hook.value ? { url: hook.value, fetch: (url, init) => fetch(url, init) } : undefined;
  return { ...desk, lastRuns: createLastRuns(desk.deskBlobs), ...(buildHook ? { buildHook } : {}) };
}

export function createAppDeps(source: EnvSource = process.env): AppDeps {
  const log = createConsoleLogger();
  const { value: tuned, problems } = tuning(source);
  const key = resendApiKey(source);
  for (const problem of key.ok ? problems : [...problems, key.error]) log.error('env.invalid', { variable: problem.variable });

  const open = (name: (typeof APP_STORES)[number]): Store => getStore({ name, consistency: 'strong' });
  const blobs = { submissions: open(SUBMISSIONS_STORE), desk: open(DESK_STORE), links: open(USED_LINKS_STORE), comments: open(COMMENTS_STORE) };
  // The homework loop's state lives beside the records it follows (loop/loopStore.ts), and goes with them.
  const loop = createLoopStore(blobs.submissions);
  const store = createSubmissionStore(blobs.submissions, { companions: loopCompanions(blobs.submissions, loop) });
  const usedLinks = createUsedLinks(blobs.links);
  const comments = createCommentStore(blobs.comments);
  const mailer = mailerFor(source, tuned.resendRequestsPerSecond, tuned.mailTimeoutMs, log);
  // The system clock, unless the local runtime set another (localClock.ts: npm run jobs -- --at).
  const clock = localClock() ?? (() => new Date());
  const email = emailSettings(source);
  const minFillMs = tuned.spamMinFillSeconds * 1000;
  const secret = signingSecret(source);
  const settings = privateSettings(source);
  const handlers = formHandlers({ store, loop, clock, log });

  const pipeline: PipelineDeps = {
    store,
    inbox: { desk: blobs.desk, timeZone: SITE.timeZone },
    mailer,
    clock,
    log,
    catalog: CATALOG,
    minFillMs,
    email,
    handlers,
  };
  const desk: DeskDeps = { ...pipeline, desk: createDeskStore(blobs.desk), deskBlobs: blobs.desk, usedLinks, loop, comments, settings };
  let scheduler: SchedulerDeps | undefined;
  return {
    handlers,
    pipeline,
    checkIn: {
      ...pipeline,
      loop,
      usedLinks,
      signing: secret.ok ? { ready: true, secret: secret.value } : { ready: false, problems: [secret.error] },
    },
    comments: { comments, mailer, clock, log, catalog: CATALOG, minFillMs, email, secret: secret.ok ? secret.value : undefined, used: usedLinks },
    desk,
    my: { store, loop, usedLinks, mailer, clock, log, settings },
    get scheduler() {
      scheduler ??= schedulerOf(desk, source);
      return scheduler;
    },
  };
}
