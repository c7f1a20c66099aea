/**
 * What the coach's desk needs: the submission pipeline's dependencies (its forms' handlers with
 * their steps after storing, for "send now" and releasing held posts), its own store, the
 * used-links store, the loop's state, the comments, the signing secret and the coach's address.
 * Handed in by the composition root (netlify/server/app/); a missing setting is named, never
 * replaced by a local stand-in.
 */
import type { Store } from '@netlify/blobs';
import type { CommentDeps } from '../comments/commentDeps.ts';
import type { CommentStore } from '../comments/commentStore.ts';
import type { EnvProblem } from '../env.ts';
import type { UsedLinks } from '../links/usedLinks.ts';
import type { LoopStore } from '../loop/loopStore.ts';
import type { FormHandlers } from '../submissions/forms/index.ts';
import type { SubmissionDeps } from '../submissions/handleSubmission.ts';
import type { DeskStore } from './deskStore.ts';

export interface DeskSettings {
  secret: string;
  siteUrl: string;
  coachEmail: string;
  fromEmail: string;
  /** The coach's time zone, for every time the desk shows. */
  timeZone: string;
}

export interface DeskDeps extends SubmissionDeps {
  desk: DeskStore;
  /** The desk store itself, for modules that keep their own layout in it (the inbox index). */
  deskBlobs: Store;
  usedLinks: UsedLinks;
  /** The homework loop's state and markers (in the submissions store), for the client page and the Overdue and To text queues. */
  loop: LoopStore;
  /** Blog comments, for the desk's Comments queue (docs/decisions/012-comments.md). */
  comments: CommentStore;
  /** The forms' handlers with their steps after storing (app/formHandlers.ts): what the desk delivers or releases goes through them. */
  handlers: FormHandlers;
  settings: { ready: true; value: DeskSettings } | { ready: false; problems: EnvProblem[] };
}

/** The comments code's parts, as the desk (and the scheduler, which runs on the desk's deps) has them. */
export function commentDepsOfDesk(deps: DeskDeps): CommentDeps {
  return {
    comments: deps.comments,
    mailer: deps.mailer,
    clock: deps.clock,
    log: deps.log,
    catalog: deps.catalog,
    minFillMs: deps.minFillMs,
    email: deps.email,
    // No secret while the desk's mail settings are incomplete: commentEmailSettings then names those.
    secret: deps.settings.ready ? deps.settings.value.secret : undefined,
    used: deps.usedLinks,
  };
}
