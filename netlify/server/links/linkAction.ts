/**
 * How an emailed link acts, for any endpoint (a Netlify v2 function's whole body):
 *
 *   GET / HEAD  verify, then answer a page with one button that posts back to the same link.
 *               Changes nothing: mail scanners open every link on delivery.
 *   POST        verify again, refuse other sites, claim the link (create-only write), act,
 *               then mark it used; if the action fails the claim is given back.
 *
 * Why in this order, and what `act` must promise: docs/decisions/004-one-time-links.md.
 */
import type { Logger } from '../log.ts';
import { isCrossSite } from '../origin.ts';
import { parseBody } from '../parseBody.ts';
import { errorName, fail, type Result } from '../result.ts';
import { refusedLinkPage, verifyLink, type VerifiedLink } from '../signedLinks.ts';
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

export interface LinkAction {
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
   * A page to answer instead of the button when a genuine link no longer works for a reason of
   * the endpoint's own (a client's page link the coach has since revoked). Must change nothing;
   * `act` checks the same again on POST.
   */
  refuse?(link: VerifiedLink): Promise<Response | null>;
  /** The words on the page the link opens. Must not change anything. */
  confirm(link: VerifiedLink): ConfirmText;
  /**
   * Does what the link is for and answers the page to show. `ok` means settled (done, or
   * refused for good, e.g. the homework no longer exists): the link is used up. `fail` means it
   * did not go through: the person is told to try again and the link still works.
   * Must be idempotent on `link.lid` (use it as the record id or the email's idempotency key):
   * after a crash mid-action the link is given another go once its claim lapses.
   */
  act(link: VerifiedLink, req: Request): Promise<Result<Response, { name: string }>>;
}

const withoutBody = (response: Response) => new Response(null, { status: response.status, headers: response.headers });

export async function handleLinkAction(req: Request, action: LinkAction, deps: LinkActionDeps): Promise<Response> {
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
  if (action.reusable) {
    const done = await attemptAct(action, link, req, deps);
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

  const done = await attemptAct(action, link, req, deps);
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
async function openedPage(req: Request, action: LinkAction, link: VerifiedLink, deps: LinkActionDeps): Promise<Response> {
  if (!action.reusable) {
    const used = await deps.used.isUsed(link.lid);
    // If the store cannot say, the button is shown anyway: pressing it checks again.
    if (used.ok && used.value) return alreadyUsedPage();
  }
  const refused = await action.refuse?.(link);
  if (refused) return refused;
  const url = new URL(req.url);
  return confirmPage(action.confirm(link), `${url.pathname}${url.search}`);
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
async function attemptAct(action: LinkAction, link: VerifiedLink, req: Request, deps: LinkActionDeps): Promise<Result<Response, { name: string }>> {
  let done: Result<Response, { name: string }>;
  try {
    done = await action.act(link, req);
  } catch (error) {
    done = fail({ name: errorName(error) });
  }
  if (!done.ok) deps.log.error('link.action_failed', { purpose: action.purpose, lid: link.lid, error: done.error.name });
  return done;
}
