/**
 * A client's answer to a check-in on their homework: Done, Partly or Not yet, with a note and,
 * for "how will I know", a file. The client chooses the answer in the check-in email (a signed
 * link each) and adds the note and the file on the page the link opens; the server copies who
 * they are and what they committed to from the commitment (netlify/server/checkIn/), so what
 * the page posts is only `note` and `evidence`.
 */
import { formSchema, type FieldMap, type FormRules, type FormValues, type InferForm } from './fields.ts';
import { IDENTITY_FIELDS } from './identity.ts';
import { UPLOAD_HELP, uploadProblem } from './uploads.ts';

/** The three answers, as the client and the coach read them (loopStore's CHECK_IN_ANSWERS are their values). */
export const CHECK_IN_ANSWER_OPTIONS = [
  { value: 'done', label: 'Done' },
  { value: 'partly', label: 'Partly' },
  { value: 'not-yet', label: 'Not yet' },
] as const;

export const CHECK_IN_FIELDS = {
  ...IDENTITY_FIELDS,
  commitment: { kind: 'hidden', required: true, max: 64, label: 'The homework it answers' },
  what: { kind: 'hidden', required: true, max: 2000, label: 'What they said they would do' },
  answer: {
    kind: 'radio', required: true,
    label: 'How did it go?',
    coachLabel: 'Their answer',
    options: CHECK_IN_ANSWER_OPTIONS,
  },
  note: {
    kind: 'textarea', max: 4000, rows: 5,
    label: 'Anything you would like to add?',
    coachLabel: 'Their note',
    help: 'What happened, what got in the way, what you noticed. A line is plenty.',
  },
  evidence: {
    kind: 'file',
    label: 'A file that shows it',
    coachLabel: 'What they sent to show it',
    help: `If “how will I know” is a document, attach it here. ${UPLOAD_HELP}`,
  },
} as const satisfies FieldMap;

export const CHECK_IN_RULES: FormRules<FormValues<typeof CHECK_IN_FIELDS>> = {
  values(checkIn, report) {
    const problem = uploadProblem(checkIn.evidence);
    if (problem) report('evidence', problem);
  },
};

export const CheckInSchema = /* @__PURE__ */ formSchema(CHECK_IN_FIELDS, CHECK_IN_RULES);

export type CheckIn = InferForm<typeof CheckInSchema>;
