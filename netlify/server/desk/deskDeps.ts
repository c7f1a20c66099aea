/**
 * What the coach's desk needs: the submission pipeline's dependencies, its own store, the
 * used-links store, the signing secret and the coach's address. Built from the environment on
 * Netlify; a missing setting is named, never replaced by a local stand-in.
 */
import { getStore, type Store } from '@netlify/blobs';
import { SITE } from '#src/site.config.ts';
import { productionCommentStore } from '../comments/commentDeps.ts';
import type { CommentStore } from '../comments/commentStore.ts';
import { productionDeps, SUBMISSIONS_STORE } from '../deps.ts';
import { mailSettings, signingSecret, type EnvProblem, type EnvSource } from '../env.ts';
import type { SubmissionDeps } from '../submissions/handleSubmission.ts';
import { createUsedLinks, USED_LINKS_STORE, type UsedLinks } from '../links/usedLinks.ts';
import { createLoopStore, type LoopStore } from '../loop/loopStore.ts';
import { createDeskStore, DESK_STORE, type DeskStore } from './deskStore.ts';

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
  settings: { ready: true; value: DeskSettings } | { ready: false; problems: EnvProblem[] };
}

export function deskSettings(source: EnvSource): DeskDeps['settings'] {
  const secret = signingSecret(source);
  const mail = mailSettings(source);
  if (secret.ok && mail.ok) return { ready: true, value: { secret: secret.value, ...mail.value, timeZone: SITE.timeZone } };
  return { ready: false, problems: [...(secret.ok ? [] : [secret.error]), ...(mail.ok ? [] : mail.error)] };
}

export function productionDeskDeps(source: EnvSource = process.env): DeskDeps {
  const deskBlobs = getStore({ name: DESK_STORE, consistency: 'strong' });
  return {
    ...productionDeps(source),
    inbox: { desk: deskBlobs, timeZone: SITE.timeZone },
    desk: createDeskStore(deskBlobs),
    deskBlobs,
    usedLinks: createUsedLinks(getStore({ name: USED_LINKS_STORE, consistency: 'strong' })),
    loop: createLoopStore(getStore({ name: SUBMISSIONS_STORE, consistency: 'strong' })),
    comments: productionCommentStore(),
    settings: deskSettings(source),
  };
}
