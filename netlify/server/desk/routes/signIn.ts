/**
 * Signing in with no password and no account: the coach types her address, gets a one-time
 * link (15 minutes) by email, opens it, and presses "Sign in". Every address gets the same
 * answer at once, before anything is looked up or sent: the link is sent after the answer
 * (waitUntil), so neither the words nor the time taken tell which address is the coach's.
 * Sign-in emails are capped per hour, so a bot cannot spend the email allowance; a browser that
 * signed in before (its known-device cookie) has a cap of its own, so strangers asking with her
 * address cannot lock her out. `npm run coach:link` issues a link when email is not working.
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
import { clearedSessionCookie, deviceCookie, isKnownDevice, newSessionId, SESSION_HOURS, sessionCookie } from '../session.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';

export const SIGN_IN_PURPOSE = 'coach-sign-in';
export const SIGN_IN_PATH = '/coach/sign-in/confirm';
export const SIGN_IN_LINK_MINUTES = 15;
/** Sign-in emails a UTC hour for browsers that never signed in: enough for a coach on a new device, too few to be worth abusing. */
export const SIGN_IN_EMAILS_PER_HOUR = 5;
/** Sign-in emails a UTC hour for browsers that signed in before: their own cap, which strangers cannot spend. */
export const KNOWN_DEVICE_EMAILS_PER_HOUR = 20;

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

/** The start of the next UTC hour, when the hour's sign-in emails are counted afresh. */
const nextHour = (now: Date) => new Date(Math.floor(now.getTime() / 3600_000) * 3600_000 + 3600_000);

/** The one answer to every request for a link, whatever the address: it says only what is true of all of them. */
const SENT_PAGE = (now: Date, timeZone: string) =>
  deskPage({
    title: 'Check your email',
    body: html`<h1>Check your email</h1>
<p>If that is the coach's address, a sign-in link is on its way. It works once, for ${SIGN_IN_LINK_MINUTES} minutes.</p>
<p>Sign-in links are limited: a browser that has not signed in here before shares ${SIGN_IN_EMAILS_PER_HOUR} an hour with everyone else. If none arrives within a few minutes, ask again after ${formatInZone(nextHour(now), timeZone)}.</p>
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

/** After the answer: takes a slot of the right cap, issues the link and emails it; every failure is logged for the operator. */
async function sendLink({ deps, settings, now }: DeskContext, knownDevice: boolean): Promise<void> {
  const cap = knownDevice ? KNOWN_DEVICE_EMAILS_PER_HOUR : SIGN_IN_EMAILS_PER_HOUR;
  const slot = await deps.desk.claimSignInEmail(now, cap, knownDevice ? 'known' : 'new');
  if (!slot.ok) return deps.log.error('desk.sign_in_unavailable', { error: slot.error.name });
  if (!slot.value) return deps.log.warn('desk.sign_in_capped', { cap, knownDevice });
  const issued = await issueSignInLink(deps, settings, now);
  if (!issued.ok) return deps.log.error('desk.sign_in_unavailable', { error: issued.error.name });
  const sent = await deps.mailer.send(signInEmail(issued.value.url, settings), { idempotencyKey: `coach-sign-in/${issued.value.lid}` });
  if (!sent.ok) return deps.log.error('desk.sign_in_email_failed', { error: sent.error.name });
  deps.log.info('desk.sign_in_link_sent', { knownDevice });
}

async function requestLink(context: DeskContext): Promise<Response> {
  const { req, deps, settings, now } = context;
  const parsed = await parseBody(req);
  const email = parsed.ok && typeof parsed.value.fields.email === 'string' ? parsed.value.fields.email.trim() : '';
  if (!email) return signInPage('Please type your email address.', 422);
  const forCoach = emailHash(email) === emailHash(settings.coachEmail);
  const knownDevice = isKnownDevice(req, settings);
  // The same steps for every address up to the answer; what differs happens after it.
  context.waitUntil(forCoach ? sendLink(context, knownDevice) : Promise.resolve().then(() => deps.log.info('desk.sign_in_other_address', {})));
  return SENT_PAGE(now, settings.timeZone);
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
        const signedIn = seeOther('/coach/', { 'Set-Cookie': sessionCookie(sid, settings) });
        // This browser is known from now on: its next request for a link is always served.
        signedIn.headers.append('Set-Cookie', deviceCookie(settings));
        return ok(signedIn);
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

