import { responseFields, responseSchema } from '../../../src/forms/response.ts';
import type { Catalog } from '../catalog.ts';
import type { FormHandler } from './formHandler.ts';
import { validateWith } from './validate.ts';

const promptsOf = (catalog: Catalog, slug: unknown) =>
  (typeof slug === 'string' && Object.hasOwn(catalog.exercises, slug) ? catalog.exercises[slug]!.prompts : []);

export const responseForm: FormHandler = {
  kind: 'response',
  fieldsFor: (data, catalog) => responseFields(promptsOf(catalog, data.exercise)),
  validate(input, { catalog }) {
    const slug = Array.isArray(input.exercise) ? input.exercise[0] : input.exercise;
    const fields = responseFields(promptsOf(catalog, slug));
    if (typeof slug !== 'string' || !Object.hasOwn(catalog.exercises, slug.trim())) {
      return { ok: false, errors: { exercise: ['That exercise does not exist. Please answer it from its page in the exercise library.'] }, fields };
    }
    const prompts = catalog.exercises[slug.trim()]!.prompts;
    return validateWith(responseSchema(prompts), responseFields(prompts), input);
  },
  topic: (data, catalog) => `answers to “${catalog.exercises[String(data.exercise)]?.title ?? String(data.exercise)}”`,
  clientMessage: (record, { catalog }) => ({
    subject: `Your answers to “${catalog.exercises[String(record.data.exercise)]?.title ?? 'the exercise'}”`,
    paragraphs: [
      `Thank you, ${String(record.data.name)}. Your answers arrived safely and I will read them before our next session.`,
      'Doing an exercise is half of it; the other half is what we notice together afterwards. Bring anything that surprised you.',
    ],
  }),
};
