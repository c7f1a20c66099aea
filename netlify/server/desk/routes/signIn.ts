/**
 * Signing in with no password and no account: the coach types her address, gets a one-time
 * link (15 minutes) by email, opens it, and presses "Sign in". Any other address reads the
 * same words and nothing is sent. Sign-in emails are capped per hour, so a bot cannot spend
 * the email allowance. `npm run coach:link` issues a link when email is not working.
 */
import { emailHash } from '#server/submissions/submissionStore.ts';
import { emailLayout, paragraphs } from '#server/emails/layout.ts';
import { handleLinkAction } from '#server/links/linkAction.ts';
import { parseBody } from '#server/web/parseBody.ts';
import { ok } from '#server/result.ts';
import { signLink } from '#server/links/signedLinks.ts';
import type { DeskDeps, DeskSettings } from '../deskDeps.ts';
import { deskPage } from '../layout.ts';
import { html } from '#server/web/html.ts';
import { seeOther } from '#server/web/privatePage.ts';
import type { DeskContext, Route } from '../context.ts';
import { clearedSessionCookie, newSessionId, SESSION_HOURS, sessionCookie } from '../session.ts';

export const SIGN_IN_PURPOSE = 'coach-sign-in';
export const SIGN_IN_PATH = '/coach/sign-in/confirm';
export const SIGN_IN_LINK_MINUTES = 15;
/** Sign-in emails a UTC hour, at most: enough for a coach on a bad day, too few to be worth abusing. */
export const SIGN_IN_EMAILS_PER_HOUR = 5;

export function signInPage(notice?: string, status = 200): Response {
  return deskPage({
    title: 'Sign in',
    status,
    ...(notice ? { notice } : {}),
    body: html`<h1>Sign in to your desk</h1>
<p>Type your email address and I will send you a link that signs you in. It works once, for ${SIGN_IN_LINK_MINUTES} minutes.</p>
<form method="post" action="/api/coach/sign-in" class="desk-form">
<label for="sign-in-email">Your email address</label>
<input id="sign-in-email" name="email" type="email" autocomplete="email" required maxlength="254">
<button type="submit">Email me a sign-in link</button>
</form>`,
  });
}

const SENT_PAGE = () =>
  deskPage({
    title: 'Check your email',
    body: html`<h1>Check your email</h1>
<p>If that is the coach's address, a sign-in link is on its way. It works once, for ${SIGN_IN_LINK_MINUTES} minutes.</p>
<p><a href="/coach/">Back</a></p>`,
  });

/** Issues a sign-in link: recorded in the store first, so only links the desk issued sign anyone in. */
export async function issueSignInLink(deps: Pick<DeskDeps, 'desk'>, settings: Pick<DeskSettings, 'secret' | 'siteUrl'>, now: Date) {
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000);
  const url = signLink({ purpose: SIGN_IN_PURPOSE, path: SIGN_IN_PATH, expiresAt }, settings);
  const lid = new URL(url).searchParams.get('lid')!;
  const issued = await deps.desk.issueSignInLink(lid, expiresAt);
  return issued.ok ? ok({ url, lid }) : issued;
}

function signInEmail(url: string, settings: DeskSettings) {
  const lines = [
    `Here is your link to the coach's desk. It signs you in once, within ${SIGN_IN_LINK_MINUTES} minutes:`,
    url,
    'If you did not ask for it, ignore this email: nothing happens unless the link is opened and its button pressed.',
  ];
  return {
    from: settings.fromEmail,
    to: [settings.coachEmail],
    subject: 'Your sign-in link for the coach’s desk',
    html: emailLayout('Sign in', html`${paragraphs(lines[0]!)}<p style="margin:0 0 12px"><a href="${url}">Sign in to the desk</a></p>${paragraphs(lines[2]!)}`).value,
    text: `${lines.join('\n\n')}\n`,
  };
}

async function requestLink({ req, deps, settings, now }: DeskContext): Promise<Response> {
  const parsed = await parseBody(req);
  const email = parsed.ok && typeof parsed.value.fields.email === 'string' ? parsed.value.fields.email.trim() : '';
  if (!email) return signInPage('Please type your email address.', 422);
  if (emailHash(email) !== emailHash(settings.coachEmail)) {
    deps.log.info('desk.sign_in_other_address', {});
    return SENT_PAGE();
  }
  const slot = await deps.desk.claimSignInEmail(now, SIGN_IN_EMAILS_PER_HOUR);
  if (!slot.ok) return signInPage('The desk cannot reach its storage just now, so no link was sent. Please try again in a minute.', 503);
  if (!slot.value) {
    deps.log.warn('desk.sign_in_capped', { cap: SIGN_IN_EMAILS_PER_HOUR });
    return SENT_PAGE();
  }
  const issued = await issueSignInLink(deps, settings, now);
  if (!issued.ok) return signInPage('The desk cannot reach its storage just now, so no link was sent. Please try again in a minute.', 503);
  const sent = await deps.mailer.send(signInEmail(issued.value.url, settings), { idempotencyKey: `coach-sign-in/${issued.value.lid}` });
  if (!sent.ok) {
    deps.log.error('desk.sign_in_email_failed', { error: sent.error.name });
    return signInPage('The sign-in email could not be sent just now. Please try again in a minute, or use `npm run coach:link`.', 503);
  }
  deps.log.info('desk.sign_in_link_sent', {});
  return SENT_PAGE();
}

/** The emailed link: a page with one button; only its POST signs in (mail scanners open links). */
function confirmSignIn(context: DeskContext): Promise<Response> {
  const { req, deps, settings } = context;
  return handleLinkAction(
    req,
    {
      purpose: SIGN_IN_PURPOSE,
      confirm: () => ({ title: 'Sign in to your desk', intro: 'Press the button to sign in on this device for the next 12 hours.', button: 'Sign in' }),
      act: async (link) => {
        const issued = await deps.desk.isIssuedSignInLink(link.lid);
        if (!issued.ok) return issued;
        if (!issued.value) return ok(deskPage({ title: 'Link not recognised', status: 403, body: html`<h1>This link was not issued by the desk</h1><p><a href="/coach/">Ask for a new one</a>.</p>` }));
        const sid = newSessionId();
        const now = deps.clock();
        const created = await deps.desk.createSession(sid, { createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString() });
        if (!created.ok) return created;
        await context.audit('sign-in');
        return ok(seeOther('/coach/', { 'Set-Cookie': sessionCookie(sid, settings) }));
      },
    },
    { secret: settings.secret, siteUrl: settings.siteUrl, clock: deps.clock, used: deps.usedLinks, log: deps.log },
  );
}

async function signOut(context: DeskContext): Promise<Response> {
  await context.deps.desk.endSession(context.sid);
  await context.audit('sign-out');
  return seeOther('/coach/?done=signed-out', { 'Set-Cookie': clearedSessionCookie(context.settings.siteUrl) });
}

export const SIGN_IN_ROUTES: Route[] = [
  { method: 'POST', path: '/api/coach/sign-in', public: true, handle: requestLink },
  { method: 'GET', path: SIGN_IN_PATH, public: true, anyMethod: true, handle: confirmSignIn },
  { method: 'POST', path: '/api/coach/sign-out', handle: signOut },
];

