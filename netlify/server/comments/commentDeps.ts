/**
 * What the comments code needs, passed in so tests hand in real local parts: the `comments`
 * blob store, the one paced mailer, the clock, the logger, the content catalog (which posts are
 * live), the email settings, the signing secret (moderation and unsubscribe links) and the
 * used-links store. Handed in by the composition root (netlify/server/app/) to the comments
 * function; the desk and the scheduler take the same parts from their own deps (desk/deskDeps.ts).
 */
import type { Catalog } from '../catalog.ts';
import type { UsedLinks } from '../links/usedLinks.ts';
import type { Logger } from '../log.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { EmailSettings } from '../submissions/notify.ts';
import type { CommentStore } from './commentStore.ts';
import type { CommentEmailSettings } from './commentEmails.ts';

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

/** Everything an email about a comment needs, or the variables that are missing. */
export function commentEmailSettings(deps: Pick<CommentDeps, 'email' | 'secret'>): { ready: true; value: CommentEmailSettings } | { ready: false; variables: string[] } {
  // The desk hands in no secret while its mail settings are incomplete, so only those are named then.
  if (!deps.email.ready) return { ready: false, variables: deps.email.problems.map((p) => p.variable) };
  if (!deps.secret) return { ready: false, variables: ['SIGNING_SECRET'] };
  return { ready: true, value: { coachEmail: deps.email.coachEmail, fromEmail: deps.email.fromEmail, siteUrl: deps.email.siteUrl, secret: deps.secret } };
}
