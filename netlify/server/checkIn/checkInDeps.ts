/**
 * What answering a check-in needs: the submission pipeline (the answer is stored and emailed as
 * a `check-in` submission, its handler the one with the step that records the answer), the
 * loop's store (where the answer is recorded), the used-links store and the signing secret (the
 * links are one-time and signed). Handed in by the composition root (netlify/server/app/); on
 * Netlify a missing secret is named in the log and the page says the link cannot be checked;
 * nothing falls back.
 */
import type { EnvProblem } from '../env.ts';
import type { UsedLinks } from '../links/usedLinks.ts';
import type { LoopStore } from '../loop/loopStore.ts';
import type { FormHandlers } from '../submissions/forms/index.ts';
import type { SubmissionDeps } from '../submissions/handleSubmission.ts';

export interface CheckInDeps extends SubmissionDeps {
  loop: LoopStore;
  usedLinks: UsedLinks;
  /** The forms' handlers with their steps after storing: a check-in's emails are delivered with its own. */
  handlers: FormHandlers;
  /** SIGNING_SECRET, which signed the links; the site's address is `email.siteUrl`. */
  signing: { ready: true; secret: string } | { ready: false; problems: EnvProblem[] };
}
