import { COMMITMENT_EVENT_MINUTES, COMMITMENT_FIELDS, commitmentSchema, type Commitment } from '../../../src/forms/commitment.ts';
import { formatInZone, zonedTimeToUtc } from '../../../src/forms/zonedTime.ts';
import { buildIcs } from '../emails/ics.ts';
import type { FormHandler, Validation } from './formHandler.ts';
import { validateWith } from './validate.ts';

/** The UTC instant of a stored commitment's deadline. */
export function deadlineOf(data: Pick<Commitment, 'when' | 'timeZone'>): Date {
  const deadline = zonedTimeToUtc(data.when, data.timeZone);
  if (!deadline) throw new Error('A stored commitment always has a valid deadline');
  return deadline;
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
  topic(data, catalog) {
    const exercise = data.exercise !== undefined ? catalog.exercises[data.exercise]?.title : undefined;
    return exercise ? `homework for “${exercise}”` : 'homework';
  },
  clientMessage(record, { siteUrl }) {
    const deadline = deadlineOf(record.data);
    const when = formatInZone(deadline, record.data.timeZone);
    return {
      subject: `Your homework: due ${when}`,
      paragraphs: [
        `Here is what you committed to, ${record.data.name}, in your own words.`,
        `What you will do: ${record.data.what}`,
        `When: ${when}`,
        `How I will know: ${record.data.howWillIKnow}`,
        'The attached calendar event puts the deadline in your calendar with a reminder an hour before. When it is done, tell me the way you said you would. I look forward to hearing how it went, whatever happens.',
      ],
      attachments: [
        {
          filename: 'homework.ics',
          contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
          content: new TextEncoder().encode(
            buildIcs({
              uid: `${record.id}@unstuck`,
              start: deadline,
              durationMinutes: COMMITMENT_EVENT_MINUTES,
              summary: `Homework: ${record.data.what}`,
              description: `How I will know: ${record.data.howWillIKnow}`,
              url: new URL('/homework/', siteUrl).href,
              // The record's time, not the clock's: a retried email must be byte-identical to the
              // first attempt, or the provider rejects the reused idempotency key.
              stamp: new Date(record.createdAt),
            }),
          ),
        },
      ],
    };
  },
};
