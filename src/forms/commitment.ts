/**
 * Homework in the client's own words: What will you do? When will you do it? How will I know?
 * Rendered by /homework and validated by /api/commitments.
 */
import { formSchema, isTimeZone, type FieldMap, type FormRules, type FormValues, type InferForm } from './fields.ts';
import { IDENTITY_FIELDS, TIME_ZONE_FIELD } from './identity.ts';
import { zonedTimeToUtc } from './zonedTime.ts';

export const COMMITMENT_FIELDS = {
  ...IDENTITY_FIELDS,
  what: {
    kind: 'textarea', required: true, max: 2000, rows: 3,
    label: 'What will you do?',
    coachLabel: 'What they will do',
    help: 'One concrete action, in your own words. Small enough that you can really do it.',
    requiredMessage: 'Please say what you will do.',
  },
  when: {
    kind: 'datetime-local', required: true, max: 16,
    label: 'When will you do it?',
    coachLabel: 'When they will have it done',
    help: 'The date and time you will have it done by, in your time zone.',
    requiredMessage: 'Please pick the date and time you will have it done by.',
  },
  timeZone: TIME_ZONE_FIELD,
  howWillIKnow: {
    kind: 'textarea', required: true, max: 2000, rows: 3,
    label: 'How will I know?',
    coachLabel: 'How you will know',
    help: 'How you will show me it is done: an email, a text, a photo, a draft to read…',
    requiredMessage: 'Please say how you will let me know.',
  },
  exercise: { kind: 'hidden', max: 120, label: 'The exercise this is for' },
  inquiry: { kind: 'hidden', max: 120, label: 'The inquiry this is for' },
  /**
   * The commitment this one sets a new date or a smaller step for, from the page a "Partly" or
   * "Not yet" check-in answer opens. Kept only when it is an earlier commitment of the same
   * client (netlify/server/submissions/forms/commitment.ts), which then closes (netlify/server/loop/closeFollowed.ts).
   */
  follows: { kind: 'hidden', max: 64, label: 'The homework this sets a new date for' },
  /** What that earlier commitment said, copied by the server from the stored one; anything posted here is replaced. */
  followsWhat: { kind: 'hidden', max: 2000, label: 'What the earlier homework was' },
} as const satisfies FieldMap;

/** How long after its deadline a homework calendar event lasts, in minutes. */
export const COMMITMENT_EVENT_MINUTES = 30;

/**
 * The commitment schema for a given moment: the deadline must be in the future and must
 * exist in the client's time zone. The clock is a parameter so the server and tests decide it.
 */
export function commitmentRules(now: () => Date = () => new Date()): FormRules<FormValues<typeof COMMITMENT_FIELDS>> {
  return {
    values(commitment, report) {
      // A bad time zone or date is already reported on its own field.
      if (!isTimeZone(commitment.timeZone) || !commitment.when) return;
      const deadline = zonedTimeToUtc(commitment.when, commitment.timeZone);
      if (!deadline) report('when', 'That time does not exist in your time zone (clocks change then). Please pick another.');
      else if (deadline.getTime() <= now().getTime()) report('when', 'Please pick a time in the future.');
      if (commitment.exercise && commitment.inquiry) report('inquiry', 'A commitment can belong to an exercise or an inquiry, not both.');
    },
  };
}

export function commitmentSchema(now: () => Date = () => new Date()) {
  return formSchema(COMMITMENT_FIELDS, commitmentRules(now));
}

export type Commitment = InferForm<ReturnType<typeof commitmentSchema>>;
