/**
 * The pages an emailed link answers with, in plain words: the page with its one button, and
 * what happened after the button was pressed. Refusals of a bad link: refusedLinkPage in
 * signedLinks.ts. No scripts or styles of their own (the site's CSP forbids inline ones).
 */
import { html } from '../web/html.ts';
import { page } from '../web/respond.ts';

/** What the page a link opens says, in the endpoint's words. Plain text; it is escaped. */
export interface ConfirmText {
  /** The heading, e.g. "Mark your homework as done?" */
  title: string;
  /** One or two sentences on what the button will do. */
  intro: string;
  /** The button's label, e.g. "Yes, it is done". */
  button: string;
}

const HOME = html`<p><a href="/">Go to the home page</a></p>`;

/** The page a link opens: it changes nothing, and posts back to the same link when the button is pressed. */
export function confirmPage({ title, intro, button }: ConfirmText, action: string): Response {
  return page(
    200,
    title,
    html`<h1>${title}</h1>
<p>${intro}</p>
<form method="post" action="${action}">
<button type="submit">${button}</button>
</form>
<p>Nothing happens until you press the button.</p>`,
  );
}

export function alreadyUsedPage(): Response {
  return page(
    410,
    'This link has already been used',
    html`<h1>This link has already been used</h1>
<p>This link has already been used, so nothing more was done. Each link in our emails works once. If something is not as you expected, reply to the email and tell me.</p>
${HOME}`,
  );
}

export function busyPage(): Response {
  return page(
    409,
    'This link is being used right now',
    html`<h1>This link is being used right now</h1>
<p>The button was pressed a moment ago and that is still being taken care of, so nothing more was done. Please wait a couple of minutes, then open the link from your email again to see whether it went through.</p>
${HOME}`,
    { 'Retry-After': '120' },
  );
}

/** The store or the action did not answer: nothing was done, and the link still works. */
export function notDonePage(): Response {
  return page(
    503,
    'Nothing happened yet',
    html`<h1>Nothing happened yet</h1>
<p>Something on our side did not answer just now, so nothing happened. Please try again in a minute: the link still works, and trying again is safe.</p>
${HOME}`,
    { 'Retry-After': '60' },
  );
}

export function crossSitePage(): Response {
  return page(
    403,
    'This button only works on this website',
    html`<h1>This button only works on this website</h1>
<p>The request did not come from this website, so nothing happened. Please open the link from your email again and press the button there.</p>
${HOME}`,
  );
}

export function methodNotAllowedPage(): Response {
  return page(405, 'Not available', html`<h1>Not available</h1>\n<p>Please open the link from your email.</p>\n${HOME}`, { Allow: 'GET, HEAD, POST' });
}
