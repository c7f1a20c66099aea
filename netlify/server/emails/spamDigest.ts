/**
 * Posts held as spam as the coach reads them in her morning summary (summary/summarySections.ts),
 * so nothing is held unseen: what form, who it says it is from, why it was held, how to release it.
 */
import { IDENTITY_FIELDS } from '#src/forms/identity.ts';
import { SUBMISSION_KINDS } from '#src/forms/kinds.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { SITE } from '#src/site.config.ts';
import { postedIdentity } from '../submissions/forms/postedIdentity.ts';
import type { SpamRecord } from '../submissions/records.ts';

const REASONS: Record<string, string> = {
  honeypot: 'a hidden field that people never see was filled in',
};

/** Fields that say who sent a post or where it came from, not what it says. */
const NOT_ANSWERS = new Set<string>(['id', ...Object.keys(IDENTITY_FIELDS), 'timeZone']);

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const preview = (value: unknown) => (typeof value === 'string' ? value.replace(/\s+/g, ' ').trim().slice(0, 140) : '');

/** What the morning summary says above the posts held since the last one. */
export const HELD_SPAM_INTRO =
  'These arrived through the website’s forms but looked like spam, so nobody was emailed. Nothing is deleted: release any that are real and they are delivered as if they had just arrived. `npm run spam -- list` shows everything held.';

/** One held post, as the coach reads it: what form, who it says it is from, why it was held. */
export function describeHeld(held: SpamRecord): { title: string; lines: string[] } {
  const { name, email } = postedIdentity(held.fields);
  const who = [preview(name), preview(email)].filter(Boolean).join(', ') || 'no name or email given';
  const firstAnswer = Object.entries(held.fields).find(([field, value]) => !NOT_ANSWERS.has(field) && preview(value));
  return {
    title: `${capitalised(SUBMISSION_KINDS[held.form].noun)} from ${who}`,
    lines: [
      `Received ${formatInZone(new Date(held.createdAt), SITE.timeZone)}; held because ${REASONS[held.reason] ?? held.reason}.`,
      ...(firstAnswer ? [`“${preview(firstAnswer[1])}”`] : []),
      ...(held.files.length > 0 ? [`${held.files.length} file(s) attached, kept unopened.`] : []),
      `Not spam? npm run spam -- release ${held.id}`,
    ],
  };
}
