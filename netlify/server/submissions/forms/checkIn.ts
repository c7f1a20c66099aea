/**
 * A client's answer to a check-in (src/forms/checkIn.ts): stored and emailed like every
 * submission, so it gets the judged file, the pending marker, emails with retries, the inbox
 * entry, erase, retention and export. Both emails are written from the record alone (a retry
 * resends them with the same idempotency key): the commitment's words are copied into it.
 *
 * Done: a short note of congratulations to the client, a "win" to the coach with their note.
 * Partly / Not yet: a gentle receipt to the client (their answer arrived, without blame, and how
 * to set a new date if they closed the page), and the coach is told. A receipt rather than
 * silence because every answer a client sends here is confirmed by email, and a client who
 * closed the page before setting a new date needs the way back.
 */
import { CHECK_IN_ANSWER_OPTIONS, CHECK_IN_FIELDS, CheckInSchema, type CheckIn } from '#src/forms/checkIn.ts';
import { bookingSentence } from '#server/emails/booking.ts';
import type { Paragraph } from '#server/emails/layout.ts';
import type { Stored } from '../records.ts';
import type { FormHandler } from './formHandler.ts';
import { validateWith } from './validate.ts';

const answerLabel = (answer: CheckIn['answer']) => CHECK_IN_ANSWER_OPTIONS.find((o) => o.value === answer)!.label;

/** The client's words, cut short enough for a subject line or a heading. */
export function shortWhat(what: string, max = 80): string {
  const line = what.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** What came with the answer, for the client's receipt: the note and the file, if any. */
function receivedParagraphs(data: Stored<CheckIn>): string[] {
  return [
    ...(data.note ? ['Your note came through, and I will read it before we next talk.'] : []),
    ...(data.evidence ? [`Your file “${data.evidence.fileName}” arrived safely.`] : []),
  ];
}

export const checkInForm: FormHandler<CheckIn> = {
  kind: 'check-in',
  fieldsFor: () => CHECK_IN_FIELDS,
  validate: (input) => validateWith(CheckInSchema, CHECK_IN_FIELDS, input),
  topic: (data) => `check-in on “${shortWhat(data.what, 60)}”: ${answerLabel(data.answer)}`,
  coachMessage(record) {
    const { answer, what } = record.data;
    const said = `They said they would: “${what}”.`;
    if (answer === 'done') {
      return {
        title: 'A win',
        about: shortWhat(what),
        paragraphs: [`${said} They have done it.`, 'A reply from you is the best part of a win: reply to this email to congratulate them.'],
      };
    }
    return {
      title: `A check-in (${answer === 'partly' ? 'partly done' : 'not done yet'})`,
      about: shortWhat(what),
      paragraphs: [
        `${said} They answered “${answerLabel(answer)}”.`,
        'They were offered a new date or a smaller step; if they set one, it comes to you as new homework. Their note, if they wrote one, says what got in the way.',
      ],
    };
  },
  clientMessage(record, { siteUrl }) {
    const { answer, what } = record.data;
    if (answer === 'done') {
      return {
        subject: 'You did it: that is a win',
        paragraphs: [
          `You said you would “${what}”, and you did. That is a win, and it counts.`,
          'Take a moment to notice what helped you get it done: it is worth keeping for next time, and we can look at it together.',
          ...receivedParagraphs(record.data),
        ],
      };
    }
    const newDate: Paragraph = { before: 'If you did not set a new date on the page, you can set one whenever you are ready on ', link: { words: 'the homework page', href: new URL('/homework/', siteUrl).href }, after: ', or just reply to this email.' };
    return {
      subject: 'Thank you for telling me how it went',
      paragraphs: [
        `You said you would “${what}”, and you told me it is ${answer === 'partly' ? 'partly done' : 'not done yet'}. That happens, and there is no blame in it: what got in the way is useful to know, and we will look at it together.`,
        ...receivedParagraphs(record.data),
        newDate,
        bookingSentence('If you would like to talk it through sooner, you can book a session on '),
      ],
    };
  },
};
