/**
 * A client's answers to one exercise. The fields depend on the exercise's prompts, so the
 * schema is made per exercise: the exercise page builds it from its frontmatter, the
 * /api/responses function from the same prompts in the content catalog.
 */
import { formSchema, type FieldMap, type FormRules, type FormValues, type InferForm, type TextField } from './fields.ts';
import { IDENTITY_FIELDS } from './identity.ts';
import type { Prompt } from './prompt.ts';

export const ANSWER_PREFIX = 'answers.';
export const answerField = (promptId: string) => `${ANSWER_PREFIX}${promptId}` as const;

/** The fields every response has, whatever the exercise asks. */
export const RESPONSE_FIELDS = {
  ...IDENTITY_FIELDS,
  exercise: { kind: 'hidden', required: true, max: 120, label: 'Exercise' },
  notes: {
    kind: 'textarea', max: 5000, rows: 3,
    label: 'Anything you want to talk through next session?',
    coachLabel: 'To talk through next session',
    help: 'Optional: what surprised you, what was hard, what you want to explore.',
  },
} as const satisfies FieldMap;

/** A response's fields: the shared ones, and one answer field per prompt of its exercise. */
export type ResponseFields = typeof RESPONSE_FIELDS & Record<ReturnType<typeof answerField>, TextField>;

export function responseFields(prompts: readonly Prompt[]): ResponseFields {
  const answers: Record<ReturnType<typeof answerField>, TextField> = {};
  for (const prompt of prompts) {
    answers[answerField(prompt.id)] = {
      kind: prompt.answer === 'short' ? 'text' : 'textarea',
      label: prompt.question,
      ...(prompt.hint ? { help: prompt.hint } : {}),
      required: prompt.required,
      requiredMessage: 'Please answer this one; it is the heart of the exercise.',
      max: prompt.answer === 'short' ? 500 : 10_000,
      rows: 5,
    };
  }
  // The order is the form's, and the coach's email's: who, which exercise, the answers, notes.
  const { notes, ...before } = RESPONSE_FIELDS;
  return { ...before, ...answers, notes };
}

/** Rejects answers to questions the exercise does not have (given its form's field names). */
export function responseRules(fieldNames: Iterable<string>): FormRules<FormValues<ResponseFields>> {
  const known = new Set(fieldNames);
  return {
    input(input, report) {
      for (const key of Object.keys(input)) {
        if (key.startsWith(ANSWER_PREFIX) && !known.has(key)) report(key, 'This exercise has no question with that id.');
      }
    },
  };
}

export function responseSchema(prompts: readonly Prompt[]) {
  const fields = responseFields(prompts);
  return formSchema(fields, responseRules(Object.keys(fields)));
}

export type ExerciseResponse = InferForm<ReturnType<typeof responseSchema>>;
