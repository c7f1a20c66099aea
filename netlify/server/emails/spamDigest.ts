/**
 * The coach's daily note about posts held as spam, so nothing is held unseen. Sent only when
 * something was held in the last day. (The morning summary will absorb it.)
 */
import { IDENTITY_FIELDS } from '../../../src/forms/identity.ts';
import { SUBMISSION_KINDS } from '../../../src/forms/kinds.ts';
import { formatInZone } from '../../../src/forms/zonedTime.ts';
import { SITE } from '../../../src/site.config.ts';
import type { EmailMessage } from '../mailer.ts';
import { postedIdentity } from '../forms/postedIdentity.ts';
import type { SpamRecord } from '../submissionStore.ts';
import { emailLayout, escapeHtml } from './html.ts';

const REASONS: Record<string, string> = {
  honeypot: 'a hidden field that people never see was filled in',
};

/** Fields that say who sent a post or where it came from, not what it says. */
const NOT_ANSWERS = new Set<string>(['id', ...Object.keys(IDENTITY_FIELDS), 'timeZone']);

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const preview = (value: unknown) => (typeof value === 'string' ? value.replace(/\s+/g, ' ').trim().slice(0, 140) : '');

/** One held post, as the coach reads it: what form, who it says it is from, why it was held. */
function describe(held: SpamRecord): { title: string; lines: string[] } {
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

/** The digest of posts held since `since`, or null when there were none. */
export function spamDigest(held: SpamRecord[], { since, from, to }: { since: Date; from: string; to: string }): EmailMessage | null {
  const recent = held.filter((h) => Date.parse(h.createdAt) >= since.getTime());
  if (recent.length === 0) return null;
  const items = recent.map(describe);
  const subject = `${recent.length === 1 ? 'One post was' : `${recent.length} posts were`} held as spam`;
  const intro = 'These arrived through the website’s forms but looked like spam, so nobody was emailed. Nothing is deleted: release any that are real and they are delivered as if they had just arrived. `npm run spam -- list` shows everything held.';
  return {
    from,
    to: [to],
    subject,
    html: emailLayout(
      subject,
      `<h1 style="font:600 22px/1.3 sans-serif;margin:0 0 12px">${escapeHtml(subject)}</h1>
<p style="margin:0 0 16px">${escapeHtml(intro)}</p>
${items.map((item) => `<h2 style="font:600 17px/1.3 sans-serif;margin:20px 0 6px">${escapeHtml(item.title)}</h2>\n${item.lines.map((line) => `<p style="margin:0 0 6px">${escapeHtml(line)}</p>`).join('\n')}`).join('\n')}`,
    ),
    text: `${subject}\n\n${intro}\n\n${items.map((item) => `${item.title}\n${item.lines.map((l) => `  ${l}`).join('\n')}`).join('\n\n')}\n`,
  };
}
