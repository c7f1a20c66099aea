/**
 * Where the private pages live: the one place that builds a path to a desk page or to a client's
 * own page, for every capability and email that links there.
 */

/** A client's page on the desk, by their email hash. */
export const clientPath = (hash: string) => `/coach/clients/${hash}/`;

/** The desk's queues. */
export const DESK_STUCK_PATH = '/coach/stuck/';

export const DESK_OVERDUE_PATH = '/coach/overdue/';
export const DESK_TEXTS_PATH = '/coach/texts/';

/** The client's own page, and the "I'm stuck" form. */
export const MY_PAGE_PATH = '/my/';
export const STUCK_FORM_PATH = '/stuck/';
