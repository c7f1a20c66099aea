/**
 * The homework loop's emails to a client: the reminder, the check-in and the follow-up. Each
 * quotes the client's own words back, gives the deadline in words on their clock, offers the
 * three answers (Done / Partly / Not yet: one choice, used once), their page, an "I'm stuck" page
 * and a way to stop these emails, in the body and as one-click List-Unsubscribe headers
 * (RFC 8058). Rendered from the record and the loop's state alone, with every link's expiry and
 * id derived from them, so a resend under the same idempotency key is byte for byte the same.
 */
import { STUCK_FORM_PATH } from '../paths.ts';
import { createHash } from 'node:crypto';
import type { Commitment } from '#src/forms/commitment.ts';
import { SITE } from '#src/site.config.ts';
import { greetingName } from '../emails/greeting.ts';
import { emailLayout, httpHref } from '../emails/layout.ts';
import { html, joined, lines } from '../web/html.ts';
import { deadlineForClient, shortDate } from '../emails/timeInWords.ts';
import type { EmailMessage } from '../mail/mailer.ts';
import type { LinkKeys } from '../links/signedLinks.ts';
import type { Stored, SubmissionRecord } from '../submissions/records.ts';
import { checkInLinks, MY_PAGE, myPageLink, STOP_REMINDERS, stopRemindersLink } from './loopLinks.ts';
import type { CheckInAnswer, LoopState, LoopStep } from './loopStore.ts';


/** What the loop's emails need from the settings: signing and the site for links, the sender and the coach for replies. */
export interface LoopEmailSettings extends LinkKeys {
  fromEmail: string;
  coachEmail: string;
}

export interface LoopEmailInput {
  step: LoopStep;
  record: SubmissionRecord<Stored<Commitment>>;
  state: LoopState;
  /** The client's current page-link version (loop-clients/<hash>). */
  linkVersion: number;
  settings: LoopEmailSettings;
}

const ANSWER_WORDS: Record<CheckInAnswer, string> = { done: 'Done', partly: 'Partly', 'not-yet': 'Not yet' };

interface Wording {
  subject: (due: string) => string;
  opening: string;
  ask: string;
  after?: string;
}

const WORDING: Record<LoopStep, Wording> = {
  reminder: {
    subject: (due) => `A reminder: your homework is due ${due}`,
    opening: 'A quick reminder of the homework you set yourself, in your own words.',
    ask: 'Done already? Finishing early is fine: tell me with one click.',
  },
  'check-in': {
    subject: (due) => `How did it go? Your homework, due ${due}`,
    opening: 'It is time to check in on the homework you set yourself.',
    ask: 'How did it go? Choose one: a page opens where you confirm it, and you can add a note.',
    after: 'Partly and not yet are answers too, and useful ones: they show us what got in the way, which is what our sessions are for.',
  },
  'follow-up': {
    subject: (due) => `Checking in again: your homework, due ${due}`,
    opening: 'A gentle follow-up: I have not heard how your homework went yet, and that is all right.',
    ask: 'Whenever you have a minute, choose one: a page opens where you confirm it, and you can add a note.',
  },
};

/** A link id that is the same every time this email is rendered, and differs from every other email's. */
const derivedLinkId = (purpose: string, state: LoopState, step: LoopStep) =>
  createHash('sha256').update(`${purpose}\n${state.commitmentId}\n${step}`).digest('base64url').slice(0, 22);

/** Their words inside a sentence: on one line, without the full stop the sentence goes on after. */
const quoted = (words: string) => `“${words.replace(/\s+/g, ' ').trim().replace(/\.$/, '')}”`;

const link = (words: string, href: string) => {
  const safe = httpHref(href);
  return safe ? html`<a href="${safe}">${words}</a>` : html`${words}`;
};

const BUTTON = 'display:inline-block;margin:0 8px 8px 0;padding:10px 18px;border:2px solid #1f5f53;border-radius:6px;color:#1f5f53;font:600 16px/1.2 sans-serif;text-decoration:none';
const p = (inner: unknown, style = 'margin:0 0 12px') => html`<p style="${style}">${inner}</p>`;

export function loopEmail({ step, record, state, linkVersion, settings }: LoopEmailInput): EmailMessage {
  const wording = WORDING[step];
  const deadline = new Date(state.deadline);
  // The step's own moment stands in for "now": links made from it are the same in every render.
  const at = new Date(state.plan[step] ?? state.deadline);
  const answers = checkInLinks(state, settings, state.checkInLid);
  const myPage = myPageLink(state.clientHash, linkVersion, settings, at, derivedLinkId(MY_PAGE.purpose, state, step));
  const stop = stopRemindersLink(state.clientHash, settings, at, derivedLinkId(STOP_REMINDERS.purpose, state, step));
  const stuck = new URL(STUCK_FORM_PATH, settings.siteUrl).href;

  const greeting = `Hi ${greetingName({ name: record.data.name, preferredName: state.preferredName })},`;
  const words = `You said you would ${quoted(record.data.what)}, by ${deadlineForClient(deadline, state.timeZone, at)}; you said I would know because ${quoted(record.data.howWillIKnow)}.`;
  const signoff = `Warmly,\n${SITE.coachName}`;
  const why = 'You get these because you set this homework on';
  const subject = wording.subject(shortDate(deadline, state.timeZone, at));
  const choices = Object.entries(answers) as [CheckInAnswer, string][];

  const body = emailLayout(
    subject,
    joined(
      [
        p(greeting),
        p(wording.opening),
        p(words, 'margin:0 0 16px;padding:12px 16px;border-left:4px solid #1f5f53;background:#f3f7f5'),
        p(wording.ask),
        p(choices.map(([answer, href]) => html`<a href="${httpHref(href) ?? ''}" style="${BUTTON}">${ANSWER_WORDS[answer]}</a>`)),
        ...(wording.after ? [p(wording.after)] : []),
        p(html`Stuck, or want to talk it through? ${link('Tell me what is in the way', stuck)} and we can have a quick call or an email exchange.`),
        p(html`Everything you have committed to, and what you have done, is on ${link('your page', myPage)}.`),
        p(lines(signoff)),
        p(html`${why} ${settings.siteUrl}. To stop reminders and check-ins, ${link('use this link', stop)}; receipts for what you send still come.`, 'margin:24px 0 0;color:#4f5d59;font-size:14px'),
      ],
      '\n',
    ),
  );
  const text = [
    greeting,
    wording.opening,
    words,
    wording.ask,
    choices.map(([answer, href]) => `${ANSWER_WORDS[answer]}: ${href}`).join('\n'),
    ...(wording.after ? [wording.after] : []),
    `Stuck, or want to talk it through? Tell me what is in the way (${stuck}) and we can have a quick call or an email exchange.`,
    `Everything you have committed to, and what you have done, is on your page: ${myPage}`,
    signoff,
    `${why} ${settings.siteUrl}. To stop reminders and check-ins: ${stop} (receipts for what you send still come).`,
  ].join('\n\n');

  return {
    from: settings.fromEmail,
    to: [record.data.email],
    replyTo: settings.coachEmail,
    subject,
    html: body.value,
    text: `${text}\n`,
    // One click in the mail program stops them, without a confirmation page (RFC 8058).
    headers: { 'List-Unsubscribe': `<${stop}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
