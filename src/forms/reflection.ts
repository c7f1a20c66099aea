/** A reflection on a coaching inquiry: rendered on each inquiry page, validated by /api/reflections. */
import { formSchema, type FieldMap, type InferForm } from './fields.ts';
import { IDENTITY_FIELDS } from './identity.ts';

export const REFLECTION_FIELDS = {
  ...IDENTITY_FIELDS,
  inquiry: { kind: 'hidden', required: true, max: 120, label: 'Inquiry' },
  reflection: {
    kind: 'textarea', required: true, max: 10_000, rows: 8,
    label: 'What came up for you?',
    coachLabel: 'What came up for them',
    help: 'Thoughts, moments you noticed, things you are unsure about. It does not need to be tidy.',
    requiredMessage: 'Please write a few words about what came up.',
  },
  nextSession: {
    kind: 'textarea', max: 3000, rows: 3,
    label: 'Anything you want to bring to our next session?',
    coachLabel: 'To bring to the next session',
  },
} as const satisfies FieldMap;

export const ReflectionSchema = formSchema(REFLECTION_FIELDS);
export type Reflection = InferForm<typeof ReflectionSchema>;
