import { REFLECTION_FIELDS, ReflectionSchema, type Reflection } from '#src/forms/reflection.ts';
import type { Catalog } from '#server/catalog.ts';
import { bookingSentence } from '#server/emails/booking.ts';
import type { FormHandler } from './formHandler.ts';
import { validateWith } from './validate.ts';

const questionOf = (catalog: Catalog, inquiry: string) => catalog.inquiries[inquiry]?.question ?? inquiry;

export const reflectionForm: FormHandler<Reflection> = {
  kind: 'reflection',
  fieldsFor: () => REFLECTION_FIELDS,
  validate(input, { catalog }) {
    const result = validateWith(ReflectionSchema, REFLECTION_FIELDS, input);
    if (result.ok && !Object.hasOwn(catalog.inquiries, result.data.inquiry)) {
      return { ok: false, errors: { inquiry: ['That inquiry does not exist. Please reflect on it from its page.'] }, fields: REFLECTION_FIELDS };
    }
    return result;
  },
  topic: (data, catalog) => `a reflection on “${questionOf(catalog, data.inquiry)}”`,
  coachMessage: (record, { catalog }) => ({ title: 'Reflection', about: questionOf(catalog, record.data.inquiry) }),
  clientMessage: () => ({
    subject: 'Your reflection arrived',
    paragraphs: [
      'Thank you for sitting with the question and writing it down.',
      'I will read it before we next talk. There is no need to have it figured out; what you noticed is enough to work with.',
      bookingSentence('If our next session is not booked yet, you can book it on '),
    ],
  }),
};
