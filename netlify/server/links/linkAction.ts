/**
 * How an emailed link acts, for any endpoint (a Netlify v2 function's whole body):
 *
 *   GET / HEAD  verify, then answer a page with one button that posts back to the same link.
 *               Changes nothing: mail scanners open every link on delivery.
 *   POST        verify again, refuse other sites, read what was posted (if the action reads
 *               anything: a note, a file), claim the link (create-only write), act, then mark
 *               it used; if the action fails the claim is given back.
 *
 * Why in this order, and what `act` must promise: docs/decisions/004-one-time-links.md.
 */
import type { Logger } from '../log.ts';
import { isCrossSite } from '../origin.ts';
import { parseBody } from '../web/parseBody.ts';
import { errorName, fail, ok, type Result } from '../result.ts';
import { refusedLinkPage, verifyLink, type VerifiedLink } from './signedLinks.ts';
import { alreadyUsedPage, busyPage, confirmPage, crossSitePage, methodNotAllowedPage, notDonePage, type ConfirmText } from './linkPages.ts';
import type { UsedLinks } from './usedLinks.ts';

export interface LinkActionDeps {
  /** SIGNING_SECRET. */
  secret: string;
  /** SITE_URL: the origin links are signed for. */
  siteUrl: string;
  clock: () => Date;
  used: UsedLinks;
  log: Logger;
}

interface LinkActionBase<Input> {
  /** The purpose links for this endpoint are signed with (signLink's `purpose`). */
  purpose: string;
  /**
   * True when acting twice does no harm (unsubscribe, opening a client's own page): the link
   * works until it expires and nothing is recorded. Still GET → page → POST.
   */
  reusable?: boolean;
  /**
   * RFC 8058 one-click unsubscribe: a POST whose form body is `List-Unsubscribe=One-Click` acts
   * even from another site. Mail providers send it from their own servers, with no cookie and no
   * Origin of ours, and expect it to act at once; the link's signature is what protects it. Only
   * for reusable actions that are harmless to repeat.
   */
  oneClick?: boolean;
  /**
   * Does what the link is for and answers the page to show. `ok` means settled (done, or
   * refused for good, e.g. the homework no longer exists): the link is used up. `fail` means it
   * did not go through: the person is told to try again and the link still works.
   * Must be idempotent on `link.lid` (use it as the record id or the email's idempotency key):
   * after a crash mid-action the link is given another go once its claim lapses.
   * It gets the request, or what `read` made of it.
   */
  act(link: VerifiedLink, input: Input): Promise<Result<Response, { name: string }>>;
}

/** The page a link opens: the shared one with the endpoint's words (`confirm`), or a whole page of its own (`openPage`). */
interface OpenedPage {
  /** The words on the page the link opens. Must not change anything. */
  confirm?(link: VerifiedLink): ConfirmText;
  /**
   * The whole page the link opens, when it needs more than words (the homework it is about, a
   * note to add), with one form that posts to `formAction`, the same signed link. Must not
   * change anything. Used instead of `confirm` when given.
   */
  openPage?(link: VerifiedLink, formAction: string): Promise<Response>;
  /**
   * The page a used link opens, instead of the shared "already used": what it did, for an
   * action that answers its POST with a redirect back to the link (so a reload or the Back
   * button shows the result again rather than posting twice). Must not change anything.
   */
  usedPage?(link: VerifiedLink): Promise<Response>;
}

/**
 * Reads what the button posted (a note, a file) before the link is claimed. `fail` answers at
 * once with its page (what was wrong, what was typed kept): nothing is claimed or done, and
 * the link still works. Actions without it get the request itself.
 */
type Reader<Input> = (link: VerifiedLink, req: Request) => Promise<Result<Input, Response>>;
type Reads<Input> = [Input] extends [Request] ? { read?: Reader<Input> } : { read: Reader<Input> };

export type LinkAction<Input = Request> = LinkActionBase<Input> & OpenedPage & Reads<Input>;

const withoutBody = (response: Response) => new Response(null, { status: response.status, headers: response.headers });

export async function handleLinkAction<Input = Request>(req: Request, action: LinkAction<Input>, deps: LinkActionDeps): Promise<Response> {
  const { purpose } = action;
  const isPost = req.method === 'POST';
  if (!isPost && req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowedPage();
  if (isPost && isCrossSite(req, deps.siteUrl) && !(action.oneClick && (await isOneClickPost(req)))) {
    deps.log.warn('link.cross_site', { purpose });
    return crossSitePage();
  }
  const check = verifyLink(req.url, { secret: deps.secret, siteUrl: deps.siteUrl, purpose, now: deps.clock() });
  if (!check.ok) {
    deps.log.warn('link.refused', { purpose, reason: check.reason });
    return req.method === 'HEAD' ? withoutBody(refusedLinkPage(check.reason)) : refusedLinkPage(check.reason);
  }
  const { link } = check;

  if (!isPost) {
    const page = await openedPage(req, action, link, deps);
    return req.method === 'HEAD' ? withoutBody(page) : page;
  }
  if (action.read && !action.reusable) {
    // A used link says so before anything posted is looked at.
    const used = await deps.used.isUsed(link.lid);
    if (used.ok && used.value) return alreadyUsedPage();
  }
  const read = await readInput(action, link, req, deps);
  if (!read.ok) return read.error;
  const input = read.value;
  if (action.reusable) {
    const done = await attemptAct(action, link, input, deps);
    return done.ok ? done.value : notDonePage();
  }

  const claim = await deps.used.claim(link, deps.clock());
  if (!claim.ok) {
    deps.log.warn('link.store_unavailable', { purpose, lid: link.lid, error: claim.error.name });
    return notDonePage();
  }
  if (claim.value.outcome === 'used') {
    deps.log.info('link.already_used', { purpose, lid: link.lid });
    return alreadyUsedPage();
  }
  if (claim.value.outcome === 'busy') {
    deps.log.info('link.busy', { purpose, lid: link.lid });
    return busyPage();
  }

  const done = await attemptAct(action, link, input, deps);
  if (!done.ok) {
    const released = await deps.used.release(link, claim.value, deps.clock());
    // Not given back: the claim lapses on its own and the link works again after that.
    if (!released.ok) deps.log.warn('link.release_failed', { purpose, lid: link.lid, error: released.error.name });
    return notDonePage();
  }
  const marked = await deps.used.markUsed(link, deps.clock());
  // The action happened and is what the person should see. Unmarked, the claim lapses and a
  // later press acts again, which the action's idempotency turns into nothing.
  if (!marked.ok) deps.log.warn('link.mark_used_failed', { purpose, lid: link.lid, error: marked.error.name });
  deps.log.info('link.used', { purpose, lid: link.lid });
  return done.value;
}

/** The page for GET: the button, or word that the link has done its work already. */
async function openedPage<Input>(req: Request, action: LinkAction<Input>, link: VerifiedLink, deps: LinkActionDeps): Promise<Response> {
  if (!action.reusable) {
    const used = await deps.used.isUsed(link.lid);
    // If the store cannot say, the button is shown anyway: pressing it checks again.
    if (used.ok && used.value) return action.usedPage ? action.usedPage(link) : alreadyUsedPage();
  }
  const url = new URL(req.url);
  const formAction = `${url.pathname}${url.search}`;
  if (action.openPage) return action.openPage(link, formAction);
  if (!action.confirm) throw new Error(`The "${action.purpose}" link action needs confirm or openPage`);
  return confirmPage(action.confirm(link), formAction);
}

/** What `act` is given: the request, or what the action's `read` made of it; a throw is "nothing happened". */
async function readInput<Input>(action: LinkAction<Input>, link: VerifiedLink, req: Request, deps: LinkActionDeps): Promise<Result<Input, Response>> {
  // Without `read`, Input is Request (the Reads type says so).
  if (!action.read) return ok(req as unknown as Input);
  try {
    return await action.read(link, req);
  } catch (error) {
    deps.log.error('link.read_failed', { purpose: action.purpose, lid: link.lid, error: errorName(error) });
    return fail(notDonePage());
  }
}

/** A one-click body is one short pair; anything longer is not one, and is not read further. */
const ONE_CLICK_MAX_BYTES = 1024;

/**
 * Whether a POST is an RFC 8058 one-click unsubscribe: its form body (urlencoded or multipart,
 * RFC 8058 section 3.1) says `List-Unsubscribe=One-Click`. Reads a copy, so the body stays readable.
 */
export async function isOneClickPost(req: Request): Promise<boolean> {
  if (req.method !== 'POST') return false;
  const parsed = await parseBody(req.clone(), ONE_CLICK_MAX_BYTES);
  return parsed.ok && parsed.value.fields['List-Unsubscribe'] === 'One-Click';
}

/** Runs the action; a throw is a failure like any other, logged by name only. */
async function attemptAct<Input>(action: LinkAction<Input>, link: VerifiedLink, input: Input, deps: LinkActionDeps): Promise<Result<Response, { name: string }>> {
  let done: Result<Response, { name: string }>;
  try {
    done = await action.act(link, input);
  } catch (error) {
    done = fail({ name: errorName(error) });
  }
  if (!done.ok) deps.log.error('link.action_failed', { purpose: action.purpose, lid: link.lid, error: done.error.name });
  return done;
}
