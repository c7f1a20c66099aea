import { responseFields, responseSchema, type ExerciseResponse } from '#src/forms/response.ts';
import type { Catalog } from '#server/catalog.ts';
import { bookingSentence } from '#server/emails/booking.ts';
import type { FormHandler } from './formHandler.ts';
import { validateWith } from './validate.ts';

/** The prompts of an exercise named by a post (anything) or a record; none for one the catalog lacks. */
const promptsOf = (catalog: Catalog, slug: unknown) =>
  (typeof slug === 'string' && Object.hasOwn(catalog.exercises, slug) ? catalog.exercises[slug]!.prompts : []);

const titleOf = (catalog: Catalog, slug: string) => catalog.exercises[slug]?.title;

export const responseForm: FormHandler<ExerciseResponse> = {
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
  topic: (data, catalog) => `answers to “${titleOf(catalog, data.exercise) ?? data.exercise}”`,
  coachMessage: (record, { catalog }) => ({ title: 'Exercise answers', about: titleOf(catalog, record.data.exercise) ?? record.data.exercise }),
  clientMessage: (record, { catalog }) => {
    const title = titleOf(catalog, record.data.exercise);
    return {
      subject: `Your answers to “${title ?? 'the exercise'}”`,
      paragraphs: [
        `Thank you. Your answers to ${title ? `“${title}”` : 'the exercise'} arrived safely, and I will read them before our next session.`,
        'Doing an exercise is half of it; the other half is what we notice together afterwards. Bring anything that surprised you.',
        bookingSentence('If our next session is not booked yet, you can book it on '),
      ],
    };
  },
};
