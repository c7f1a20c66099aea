/** The hidden fields every form carries for spam checks (see netlify/server/submissions/spam.ts). */

/**
 * Invisible to people (and labelled "leave empty" for screen readers); bots fill it in. Its name
 * means nothing to autofill, which matches names like website, url, name, email, phone, company
 * or address and would fill the trap for a real person.
 */
export const HONEYPOT_FIELD = 'leave_this_blank';

/**
 * How long the client spent on the form, in milliseconds, measured by the form script on the
 * page's own monotonic clock from the first edit in this page view. The server never compares
 * its clock with the browser's.
 */
export const ELAPSED_MS_FIELD = 'elapsedMs';
