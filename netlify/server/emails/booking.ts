import { SITE } from '#src/site.config.ts';
import type { LinkedSentence } from './layout.ts';

/** A sentence that offers the booking page (SITE.bookingUrl) as a link: `before` + "my booking page" + ".". */
export function bookingSentence(before: string): LinkedSentence {
  return { before, link: { words: 'my booking page', href: SITE.bookingUrl }, after: '.' };
}
