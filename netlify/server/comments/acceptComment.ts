/**
 * `POST /api/comments`: a reader's comment, from the form under a post. The same steps as the
 * other forms (handleSubmission.ts), in a path of its own because a comment is not a client's
 * submission (docs/decisions/012-comments.md): refuse other sites → read the post → hold spam
 * whole (answered like a real comment) → validate, the post included → store → answer → email
 * the coach in the background. Without JavaScript the answer is a page (the thank-you page, or
 * the form again with what was typed); with `Accept: application/json`, JSON.
 */
import { COMMENT_FIELDS, COMMENT_FORM_TEXT, CommentSchema, type CommentAccepted } from '#src/forms/comment.ts';
import type { FieldErrors } from '#src/forms/fields.ts';
import { ELAPSED_MS_FIELD, HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import type { BackgroundContext } from '../submissions/handleSubmission.ts';
import { isCrossSite } from '../origin.ts';
import { parseBody } from '../web/parseBody.ts';
import { failure, json, wantsJson } from '../web/respond.ts';
import { ok, type Result } from '../result.ts';
import { spamVerdict } from '../submissions/spam.ts';
import type { StoreError } from '../storeCall.ts';
import { contentHash, divergedId, givenId, submissionId } from '../submissions/submissionId.ts';
import type { CommentDeps } from './commentDeps.ts';
import { sendModerationEmail } from './commentMail.ts';
import { formPage, sentValues, thanksPage, type SentValues } from './commentPages.ts';
import type { CommentEntry, EmailState } from './commentStore.ts';

/** The flag of a comment the coach let out of the spam hold. */
export const RELEASED_FLAG = 'released-from-spam';

const KIND = 'comment';

/** Whether a post takes comments at `at`: it is in the catalog, not a draft, and live by then (src/utils/isPublished.ts's rule). */
export function isCommentable(deps: Pick<CommentDeps, 'catalog'>, slug: string, at: Date): boolean {
  const post = Object.hasOwn(deps.catalog.posts, slug) ? deps.catalog.posts[slug] : undefined;
  return Boolean(post && !post.draft && Date.parse(post.pubDate) <= at.getTime());
}

export type Prepared = { ok: true; entry: CommentEntry } | { ok: false; errors: FieldErrors };

/**
 * The comment a post makes, checked against the time it arrived (a post released from spam is
 * checked against its own): the form's schema, then that the post takes comments.
 */
export function prepareComment(fields: Record<string, unknown>, receivedAt: Date, deps: Pick<CommentDeps, 'catalog'>, extra: { flags: string[]; moderation: EmailState }): Prepared {
  const valid = CommentSchema.validate(fields);
  if (!valid.ok) return valid;
  const data = valid.data;
  if (!isCommentable(deps, data.post, receivedAt)) {
    return { ok: false, errors: { post: ['This post does not take comments: it may have moved, or not be published yet. Please comment from the post’s page.'] } };
  }
  const given = givenId(fields.id);
  if (given === 'invalid') return { ok: false, errors: { id: ['This form’s reference is not valid. Please send it again; what you typed is kept below.'] } };
  const hash = contentHash(KIND, data, {});
  return {
    ok: true,
    entry: {
      id: submissionId(KIND, given, hash),
      postSlug: data.post,
      name: data.name,
      email: data.email,
      ...(data.website ? { website: data.website } : {}),
      body: data.comment,
      notify: data.notify,
      createdAt: receivedAt.toISOString(),
      state: 'pending',
      ...(extra.flags.length > 0 ? { flags: extra.flags } : {}),
      moderation: extra.moderation,
      contentHash: hash,
    },
  };
}

/** Stores a prepared comment, under a derived id if its id already holds other words; returns the id it is under. */
export async function storeComment(entry: CommentEntry, deps: Pick<CommentDeps, 'comments' | 'log'>): Promise<Result<{ id: string; created: boolean }, StoreError>> {
  let id = entry.id;
  for (let tries = 0; tries < 3; tries++) {
    const stored = await deps.comments.create({ ...entry, id });
    if (!stored.ok) {
      deps.log.error('comments.store_unconfirmed', { id, error: stored.error.name });
      return stored;
    }
    if (stored.value !== 'conflict') {
      deps.log.info(stored.value === 'created' ? 'comments.stored' : 'comments.duplicate', { id });
      return ok({ id, created: stored.value === 'created' });
    }
    id = divergedId(id, entry.contentHash);
  }
  return { ok: false, error: { name: 'IdConflict' } };
}

/** What the reader reads when the store did not confirm the write: the truth, and that sending again is safe. */
export const COMMENT_UNCONFIRMED_MESSAGE =
  'We could not confirm that your comment was saved. Sending it again is safe: if it did arrive, it will not appear twice.';

const NEW_EMAIL: EmailState = { status: 'pending', attempts: 0 };

function answerAccepted(req: Request, id: string, values: SentValues, deps: CommentDeps): Response {
  if (wantsJson(req)) return json(201, { id, status: 'awaiting-approval', message: COMMENT_FORM_TEXT.thanks } satisfies CommentAccepted);
  return thanksPage(values, isCommentable(deps, values.post, deps.clock()) ? deps.catalog.posts[values.post]!.title : undefined);
}

function answerInvalid(req: Request, errors: FieldErrors, values: SentValues, deps: CommentDeps): Response {
  if (wantsJson(req)) return json(422, { errors });
  const count = Object.keys(errors).length;
  const title = isCommentable(deps, values.post, deps.clock()) ? deps.catalog.posts[values.post]!.title : undefined;
  // A reference that failed is not sent back: the next send derives one from the words.
  const kept = errors.id ? { ...values, id: '' } : values;
  return formPage(
    { status: 422, heading: count === 1 ? 'Please check one thing' : `Please check ${count} things`, message: 'Your comment has not been sent yet. Everything you typed is below.' },
    kept,
    errors,
    title,
  );
}

export async function handleCommentPost(req: Request, deps: CommentDeps, context: BackgroundContext = {}): Promise<Response> {
  if (isCrossSite(req, deps.email.siteUrl)) {
    deps.log.warn('comments.cross_site', {});
    return failure(req, 403, 'cross_site', 'Comments can only be sent from the form under a post on this website.', {}, 'Your comment was not sent');
  }
  const parsed = await parseBody(req);
  if (!parsed.ok) return failure(req, parsed.error.status, parsed.error.code, parsed.error.message, {}, 'Your comment was not sent');
  const { [HONEYPOT_FIELD]: _honeypot, [ELAPSED_MS_FIELD]: _elapsed, ...fields } = parsed.value.fields;
  // The form has no files; only the fields it has are kept (a held post included).
  const known = Object.fromEntries(Object.entries(fields).filter(([name]) => name === 'id' || Object.hasOwn(COMMENT_FIELDS, name)));
  const values = sentValues(known);
  const receivedAt = deps.clock();

  const verdict = spamVerdict(parsed.value.fields, deps.minFillMs);
  if (verdict.held) {
    const given = givenId(known.id);
    const id = submissionId(`spam/${KIND}`, given === 'invalid' ? undefined : given, contentHash(KIND, known, {}));
    const held = await deps.comments.hold({ id, reason: verdict.reason, createdAt: receivedAt.toISOString(), fields: known }, values.email.includes('@') ? values.email : undefined);
    deps.log.info('comments.spam', { id, reason: verdict.reason, stored: held.ok });
    if (!held.ok) return unconfirmed(req, values, deps);
    // Answered like a real comment, so a bot learns nothing.
    return answerAccepted(req, id, values, deps);
  }

  const prepared = prepareComment(known, receivedAt, deps, { flags: verdict.flags, moderation: NEW_EMAIL });
  if (!prepared.ok) return answerInvalid(req, prepared.errors, values, deps);
  const stored = await storeComment(prepared.entry, deps);
  if (!stored.ok) return unconfirmed(req, values, deps);
  const work = sendModerationEmail(stored.value.id, deps);
  if (context.waitUntil) context.waitUntil(work);
  else await work;
  return answerAccepted(req, stored.value.id, values, deps);
}

function unconfirmed(req: Request, values: SentValues, deps: CommentDeps): Response {
  const message = COMMENT_UNCONFIRMED_MESSAGE;
  if (wantsJson(req)) return json(503, { error: { code: 'storage_unconfirmed', message } }, { 'Retry-After': '30' });
  const title = isCommentable(deps, values.post, deps.clock()) ? deps.catalog.posts[values.post]!.title : undefined;
  const answer = formPage({ status: 503, heading: 'We could not confirm that your comment arrived', message }, values, {}, title);
  answer.headers.set('Retry-After', '30');
  return answer;
}

export type ReleaseOutcome = { outcome: 'released'; id: string } | { outcome: 'not-found' } | { outcome: 'still-held'; errors: FieldErrors };

/**
 * "Not spam": stores a held post as a comment waiting for approval, checked against the time it
 * arrived, and removes it from the hold. No email: the coach is looking at it on her desk. A post
 * that does not pass the form's checks stays held.
 */
export async function releaseHeldComment(id: string, deps: Pick<CommentDeps, 'comments' | 'catalog' | 'log'>): Promise<Result<ReleaseOutcome, StoreError>> {
  const found = await deps.comments.getHeld(id);
  if (!found.ok) return found;
  const held = found.value;
  if (!held) return ok({ outcome: 'not-found' });
  const prepared = prepareComment(held.fields, new Date(held.createdAt), deps, { flags: [RELEASED_FLAG], moderation: { status: 'not-needed', attempts: 0 } });
  if (!prepared.ok) return ok({ outcome: 'still-held', errors: prepared.errors });
  const stored = await storeComment(prepared.entry, deps);
  if (!stored.ok) return stored;
  const removed = await deps.comments.deleteHeld(id);
  if (!removed.ok) deps.log.warn('comments.release_not_removed', { id });
  deps.log.info('comments.released', { id, as: stored.value.id });
  return ok({ outcome: 'released', id: stored.value.id });
}
