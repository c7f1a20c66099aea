/**
 * "I'm stuck": a client struggling between sessions tells the coach what is going on, whether
 * they would like a call or an email, and how soon. Rendered by /stuck/ and validated by /api/stuck.
 */
import { formSchema, type FieldMap, type InferForm } from './fields.ts';
import { IDENTITY_FIELDS } from './identity.ts';

export const STUCK_REPLIES = [
  { value: 'call', label: 'A quick call' },
  { value: 'email', label: 'An email exchange' },
] as const;

export const STUCK_URGENCIES = [
  { value: 'today', label: 'Today, if you can' },
  { value: 'this-week', label: 'This week' },
  { value: 'no-rush', label: 'No rush' },
] as const;

export const STUCK_FIELDS = {
  ...IDENTITY_FIELDS,
  what: {
    kind: 'textarea', required: true, max: 3000, rows: 5,
    label: 'What is going on?',
    coachLabel: 'What is going on',
    help: 'A few lines is plenty: what you were trying to do, and where it stopped.',
    requiredMessage: 'Please say a few words about what is going on.',
  },
  reply: {
    kind: 'radio', required: true,
    label: 'Would you like a call or an email?',
    coachLabel: 'Would like',
    options: STUCK_REPLIES,
    requiredMessage: 'Please choose a call or an email.',
  },
  phone: {
    kind: 'tel', max: 40, autocomplete: 'tel',
    label: 'Your phone number',
    coachLabel: 'Phone',
    help: 'For a call, in case I do not have it yet.',
  },
  howSoon: {
    kind: 'radio', required: true,
    label: 'How soon?',
    coachLabel: 'How soon',
    options: STUCK_URGENCIES,
    requiredMessage: 'Please choose how soon.',
  },
} as const satisfies FieldMap;

export const StuckSchema = formSchema(STUCK_FIELDS);
export type Stuck = InferForm<typeof StuckSchema>;
