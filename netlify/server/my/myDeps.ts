/**
 * What a client's own page (/my/) and the stop link of their reminders need: the submissions and
 * the loop's state beside them, the used-links store (the links are one-time), the one paced
 * mailer (the coach is told when a client stops), the clock, the logger, and the settings that
 * sign the links and address the emails. Handed in by the composition root
 * (netlify/server/app/appDeps.ts); a missing setting is named, never replaced.
 */
import type { EnvProblem } from '../env.ts';
import type { UsedLinks } from '../links/usedLinks.ts';
import type { Logger } from '../log.ts';
import type { LoopStore } from '../loop/loopStore.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { SubmissionStore } from '../submissions/submissionStore.ts';

export interface MySettings {
  /** SIGNING_SECRET, which signs the client's links and cookie. */
  secret: string;
  siteUrl: string;
  coachEmail: string;
  fromEmail: string;
  /** The coach's time zone. */
  timeZone: string;
}

export interface MyDeps {
  store: SubmissionStore;
  loop: LoopStore;
  usedLinks: UsedLinks;
  mailer: Mailer;
  clock: () => Date;
  log: Logger;
  settings: { ready: true; value: MySettings } | { ready: false; problems: EnvProblem[] };
}
