/**
 * A client's answers to one exercise. The fields depend on the exercise's prompts, so the
 * schema is made per exercise: the exercise page builds it from its frontmatter, the
 * /api/responses function from the same prompts in the content catalog.
 */
import { formSchema, type FieldMap, type FormRules, type InferForm, type TextField } from './fields.ts';
import { IDENTITY_FIELDS } from './identity.ts';

/** A prompt as the exercise's frontmatter declares it. */
export interface Prompt {
  id: string;
  question: string;
  hint?: string | undefined;
  answer: 'short' | 'long';
  required: boolean;
}

export const ANSWER_PREFIX = 'answers.';
export const answerField = (promptId: string) => `${ANSWER_PREFIX}${promptId}`;

export function responseFields(prompts: readonly Prompt[]) {
  const answers: Record<string, TextField> = {};
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
  const fields: FieldMap = {
    ...IDENTITY_FIELDS,
    exercise: { kind: 'hidden', required: true, max: 120, label: 'Exercise' },
    ...answers,
    notes: {
      kind: 'textarea', max: 5000, rows: 3,
      label: 'Anything you want to talk through next session?',
      help: 'Optional: what surprised you, what was hard, what you want to explore.',
    },
  };
  return fields;
}

/** Rejects answers to questions the exercise does not have (given its form's field names). */
export function responseRules(fieldNames: Iterable<string>): FormRules<Record<string, unknown>> {
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
