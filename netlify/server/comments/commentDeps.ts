/**
 * What the comments code needs, passed in so tests hand in real local parts: the `comments`
 * blob store, the one paced mailer, the clock, the logger, the content catalog (which posts are
 * live), the email settings, the signing secret (moderation and unsubscribe links) and the
 * used-links store. Built from the environment on Netlify; from the desk's own deps on the desk.
 */
import { getStore } from '@netlify/blobs';
import type { Catalog } from '../catalog.ts';
import { productionDeps } from '../deps.ts';
import type { DeskDeps } from '../desk/deskDeps.ts';
import { signingSecret, type EnvSource } from '../env.ts';
import { createUsedLinks, USED_LINKS_STORE, type UsedLinks } from '../links/usedLinks.ts';
import type { Logger } from '../log.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { EmailSettings } from '../submissions/notify.ts';
import { createCommentStore, type CommentStore } from './commentStore.ts';
import type { CommentEmailSettings } from './commentEmails.ts';
import { COMMENTS_STORE } from './published.ts';

export interface CommentDeps {
  comments: CommentStore;
  mailer: Mailer;
  clock: () => Date;
  log: Logger;
  catalog: Catalog;
  /** Sends sooner than this after the reader's first edit are flagged for the coach (pages with a script only). */
  minFillMs: number;
  email: EmailSettings;
  /** SIGNING_SECRET; while it is missing, moderation emails wait and links are refused. */
  secret: string | undefined;
  used: UsedLinks;
}

/** The comments store production uses, strongly consistent so the desk shows a change at once. */
export const productionCommentStore = () => createCommentStore(getStore({ name: COMMENTS_STORE, consistency: 'strong' }));

export function productionCommentDeps(source: EnvSource = process.env): CommentDeps {
  const base = productionDeps(source);
  const secret = signingSecret(source);
  return {
    comments: productionCommentStore(),
    mailer: base.mailer,
    clock: base.clock,
    log: base.log,
    catalog: base.catalog,
    minFillMs: base.minFillMs,
    email: base.email,
    secret: secret.ok ? secret.value : undefined,
    used: createUsedLinks(getStore({ name: USED_LINKS_STORE, consistency: 'strong' })),
  };
}

/** The same parts, as the desk (and the scheduler, which runs on the desk's deps) has them. */
export function commentDepsOfDesk(deps: DeskDeps): CommentDeps {
  return {
    comments: deps.comments,
    mailer: deps.mailer,
    clock: deps.clock,
    log: deps.log,
    catalog: deps.catalog,
    minFillMs: deps.minFillMs,
    email: deps.email,
    secret: deps.settings.ready ? deps.settings.value.secret : undefined,
    used: deps.usedLinks,
  };
}

/** Everything an email about a comment needs, or the variables that are missing. */
export function commentEmailSettings(deps: Pick<CommentDeps, 'email' | 'secret'>): { ready: true; value: CommentEmailSettings } | { ready: false; variables: string[] } {
  // The desk hands in no secret while its mail settings are incomplete, so only those are named then.
  if (!deps.email.ready) return { ready: false, variables: deps.email.problems.map((p) => p.variable) };
  if (!deps.secret) return { ready: false, variables: ['SIGNING_SECRET'] };
  return { ready: true, value: { coachEmail: deps.email.coachEmail, fromEmail: deps.email.fromEmail, siteUrl: deps.email.siteUrl, secret: deps.secret } };
}
