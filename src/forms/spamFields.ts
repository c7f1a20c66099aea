/** The hidden fields every form carries for spam checks (see netlify/server/spam.ts). */

/** Invisible to people (and labelled "leave empty" for screen readers); bots fill it in. */
export const HONEYPOT_FIELD = 'website';

/** When the page was opened (ms since the epoch), set by the form script. */
export const STARTED_AT_FIELD = 'startedAt';
