import { COMMITMENT_EVENT_MINUTES, COMMITMENT_FIELDS, commitmentSchema, type Commitment } from '#src/forms/commitment.ts';
import { formatInZone, zonedTimeToUtc } from '#src/forms/zonedTime.ts';
import { SITE } from '#src/site.config.ts';
import { bookingSentence } from '#server/emails/booking.ts';
import { buildIcs } from '#server/emails/ics.ts';
import { deadlineForCoach, shortDate } from '#server/emails/timeInWords.ts';
import type { Attachment } from '#server/mail/mailer.ts';
import { ok } from '#server/result.ts';
import { emailHash } from '../submissionStore.ts';
import { type Stored, type SubmissionRecord } from '../records.ts';
import type { FormHandler, Validation } from './formHandler.ts';
import { storedRecordFor } from './storedRecord.ts';
import { validateWith } from './validate.ts';

/** A stored submission's id (submissionId.ts); anything else cannot name an earlier commitment. */
const SUBMISSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The UTC instant of a stored commitment's deadline. */
export function deadlineOf(data: Pick<Commitment, 'when' | 'timeZone'>): Date {
  const deadline = zonedTimeToUtc(data.when, data.timeZone);
  if (!deadline) throw new Error('A stored commitment always has a valid deadline');
  return deadline;
}

/** The deadline as a calendar event, the same file in the client's email and the coach's. */
function homeworkEvent(record: SubmissionRecord<Stored<Commitment>>, siteUrl: string): Attachment {
  return {
    filename: 'homework.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: new TextEncoder().encode(
      buildIcs({
        uid: `${record.id}@unstuck`,
        start: deadlineOf(record.data),
        durationMinutes: COMMITMENT_EVENT_MINUTES,
        summary: `Homework: ${record.data.what}`,
        description: `How I will know: ${record.data.howWillIKnow}`,
        url: new URL('/homework/', siteUrl).href,
        // The record's time, not the clock's: a retried email must be byte-identical to the
        // first attempt, or the provider rejects the reused idempotency key.
        stamp: new Date(record.createdAt),
      }),
    ),
  };
}

export const commitmentForm: FormHandler<Commitment> = {
  kind: 'commitment',
  fieldsFor: () => COMMITMENT_FIELDS,
  validate(input, { catalog, now }): Validation<Commitment> {
    const result = validateWith(commitmentSchema(now), COMMITMENT_FIELDS, input);
    if (!result.ok) return result;
    const { exercise, inquiry } = result.data;
    if (exercise && !Object.hasOwn(catalog.exercises, exercise)) {
      return { ok: false, errors: { exercise: ['That exercise no longer exists. Please start from the exercise library.'] }, fields: COMMITMENT_FIELDS };
    }
    if (inquiry && !Object.hasOwn(catalog.inquiries, inquiry)) {
      return { ok: false, errors: { inquiry: ['That inquiry no longer exists. Please start from the list of inquiries.'] }, fields: COMMITMENT_FIELDS };
    }
    return result;
  },
  /**
   * `follows` stays only when it names an earlier commitment of the same client, whose words
   * are then copied in for the coach's email; otherwise it is dropped without a word (the new
   * homework is what matters). Whatever was posted as `followsWhat` is never kept.
   */
  async prepare(data, { store, log }) {
    const { follows } = data;
    const answers = { ...data, follows: undefined, followsWhat: undefined };
    if (!follows) return ok(answers);
    const found = SUBMISSION_ID.test(follows) ? await store.get('commitment', follows) : ok(null);
    if (!found.ok) return found;
    const earlier = found.value ? storedRecordFor(commitmentForm, found.value.record) : null;
    if (!earlier || emailHash(earlier.data.email) !== emailHash(data.email)) {
      log.info('commitment.follows_ignored', { found: Boolean(earlier) });
      return ok(answers);
    }
    return ok({ ...answers, follows, followsWhat: earlier.data.what });
  },
  topic(data, catalog) {
    const exercise = data.exercise !== undefined ? catalog.exercises[data.exercise]?.title : undefined;
    return exercise ? `homework for “${exercise}”` : 'homework';
  },
  coachMessage(record, { catalog, siteUrl }) {
    const deadline = deadlineOf(record.data);
    const { exercise, inquiry } = record.data;
    const exerciseTitle = exercise !== undefined ? catalog.exercises[exercise]?.title : undefined;
    const question = inquiry !== undefined ? catalog.inquiries[inquiry]?.question : undefined;
    const about = exerciseTitle ? `It is homework for the exercise “${exerciseTitle}”. ` : question ? `It is homework for the inquiry “${question}” ` : '';
    const { followsWhat } = record.data;
    const newDate = followsWhat ? [`A new date for: “${followsWhat}”. That earlier homework is closed, so nothing more is sent about it.`] : [];
    return {
      title: followsWhat ? 'New date for homework' : 'Homework',
      about: `due ${shortDate(deadline, SITE.timeZone, new Date(record.createdAt))}`,
      paragraphs: [...newDate, `${about}The calendar event they were sent is attached, so the deadline can go in your calendar too.`],
      shown: { when: deadlineForCoach(deadline, record.data.timeZone, SITE.timeZone) },
      attachments: [homeworkEvent(record, siteUrl)],
    };
  },
  clientMessage(record, { siteUrl }) {
    const when = formatInZone(deadlineOf(record.data), record.data.timeZone);
    return {
      subject: `Your homework: due ${when}`,
      paragraphs: [
        record.data.followsWhat ? 'Here is your new plan, in your own words.' : 'Here is what you committed to, in your own words.',
        `What you will do: ${record.data.what}`,
        `When: ${when}`,
        `How I will know: ${record.data.howWillIKnow}`,
        'The attached calendar event puts the deadline in your calendar with a reminder an hour before. When it is done, tell me the way you said you would. I look forward to hearing how it went, whatever happens.',
        bookingSentence('If something gets in the way and you would like to talk it through, you can book a session on '),
      ],
      attachments: [homeworkEvent(record, siteUrl)],
    };
  },
};
