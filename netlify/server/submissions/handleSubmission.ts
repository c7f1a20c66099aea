/**
 * The pipeline every form endpoint shares: parse → hold spam, or store → answer → notify.
 * The client is answered as soon as the answers are safely stored; the emails go out in the
 * background (`context.waitUntil`), and the retry job covers a function that dies first.
 * Dependencies come in as arguments, so tests hand in a real local blob store, a mailer
 * pointed at a fake email API, and a fixed clock.
 */
import type { ClientIdentity } from '#src/forms/identity.ts';
import { SUBMISSION_KINDS } from '#src/forms/kinds.ts';
import { ELAPSED_MS_FIELD, HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { acceptSubmission } from './acceptSubmission.ts';
import type { Catalog } from '../catalog.ts';
import type { FormHandler } from './forms/formHandler.ts';
import { indexHeldQuietly, indexQuietly, type InboxDeps } from '../inbox/inboxHooks.ts';
import { holdAsSpam } from './heldSpam.ts';
import { deliver, type NotifyDeps } from './notify.ts';
import { isCrossSite } from '../origin.ts';
import { parseBody } from '../web/parseBody.ts';
import { accepted, failure, invalid } from '../web/respond.ts';
import { spamVerdict } from './spam.ts';

export interface SubmissionDeps extends NotifyDeps {
  catalog: Catalog;
  /** The coach's inbox, kept current as submissions arrive (desk/inboxHooks.ts). */
  inbox?: InboxDeps;
  /** Posts sent sooner than this after the client's first edit are flagged for the coach (never held). */
  minFillMs: number;
}

/** The part of Netlify's Context the pipeline uses: work that outlives the answer. */
export interface BackgroundContext {
  waitUntil?(promise: Promise<unknown>): void;
}

/** What the client reads when the store did not confirm a write: the truth, and that resending is safe. */
export const UNCONFIRMED_MESSAGE =
  'We could not confirm that your answers were saved. Sending them again is safe: if they did arrive, you will not send them twice.';

export async function handleSubmission<Data extends ClientIdentity>(req: Request, handler: FormHandler<Data>, deps: SubmissionDeps, context: BackgroundContext = {}): Promise<Response> {
  const { thanks } = SUBMISSION_KINDS[handler.kind];
  // A check-in is answered from an emailed link (checkIn/checkInAction.ts), never posted here.
  if (thanks === null) throw new Error(`A ${handler.kind} is not sent from a form page`);
  if (isCrossSite(req, deps.email.siteUrl)) {
    deps.log.warn('submission.cross_site', { kind: handler.kind });
    return failure(req, 403, 'cross_site', 'This form can only be sent from its page on the website.');
  }
  const parsed = await parseBody(req);
  if (!parsed.ok) return failure(req, parsed.error.status, parsed.error.code, parsed.error.message);
  const { [HONEYPOT_FIELD]: _honeypot, [ELAPSED_MS_FIELD]: _elapsedMs, ...fields } = parsed.value.fields;
  const { files } = parsed.value;
  const receivedAt = deps.clock();

  const verdict = spamVerdict(parsed.value.fields, deps.minFillMs);
  if (verdict.held) {
    // Answered like a real post, so a bot learns nothing; held whole for the coach to judge.
    const held = await holdAsSpam(handler.kind, { fields, files, receivedAt }, verdict.reason, deps);
    if (!held.ok) return unconfirmed(req);
    await inBackground(context, indexHeldQuietly(deps, held.id));
    return accepted(req, held.id, thanks);
  }

  const acceptance = await acceptSubmission(handler, { fields, files, receivedAt, flags: verdict.flags }, deps);
  if (!acceptance.ok) {
    return acceptance.reason === 'invalid' ? invalid(req, acceptance.errors, acceptance.fields) : unconfirmed(req);
  }
  // The emails and the coach's inbox entry side by side: neither waits for the other (the inbox
  // shows a waiting email from its pending marker). A resend of stored answers also finishes
  // their emails, if a failure interrupted them.
  await inBackground(context, Promise.all([deliver(handler, acceptance.id, deps), indexQuietly(deps, handler.kind, acceptance.id)]));
  return accepted(req, acceptance.id, thanks);
}

/** Work after the answer where the platform allows it (`context.waitUntil`), or else before answering. */
function inBackground(context: BackgroundContext, work: Promise<unknown>): Promise<unknown> | undefined {
  if (!context.waitUntil) return work;
  context.waitUntil(work);
  return undefined;
}

function unconfirmed(req: Request): Response {
  return failure(req, 503, 'storage_unconfirmed', UNCONFIRMED_MESSAGE, { 'Retry-After': '30' }, 'We could not confirm that your answers arrived');
}
