import { INTAKE_FIELDS, IntakeSchema, type Intake } from '#src/forms/intake.ts';
import { bookingSentence } from '#server/emails/booking.ts';
import type { FormHandler } from './formHandler.ts';
import { validateWith } from './validate.ts';

export const intakeForm: FormHandler<Intake> = {
  kind: 'intake',
  fieldsFor: () => INTAKE_FIELDS,
  validate: (input) => validateWith(IntakeSchema, INTAKE_FIELDS, input),
  topic: () => 'intake questionnaire',
  coachMessage: () => ({ title: 'Intake questionnaire' }),
  clientMessage: () => ({
    subject: 'Your intake questionnaire arrived',
    paragraphs: [
      'Thank you for taking the time to answer all of that. It helps more than you might think.',
      'I will read everything, including any files and profiles you shared, before our first session. You do not need to prepare anything else; if something occurs to you in the meantime, just reply to this email.',
      bookingSentence('If you have not booked your first session yet, you can do that any time on '),
    ],
  }),
};
