import type { CheckIn } from '#src/forms/checkIn.ts';
import type { Commitment } from '#src/forms/commitment.ts';
import type { Intake } from '#src/forms/intake.ts';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import type { Reflection } from '#src/forms/reflection.ts';
import type { ExerciseResponse } from '#src/forms/response.ts';
import type { Stuck } from '#src/forms/stuck.ts';
import { checkInForm } from './checkIn.ts';
import { commitmentForm } from './commitment.ts';
import type { FormHandler } from './formHandler.ts';
import { intakeForm } from './intake.ts';
import { reflectionForm } from './reflection.ts';
import { responseForm } from './response.ts';
import { stuckForm } from './stuck.ts';

/** What each kind of form's schema validates its answers into. */
export interface FormAnswers {
  intake: Intake;
  commitment: Commitment;
  response: ExerciseResponse;
  reflection: Reflection;
  'check-in': CheckIn;
  stuck: Stuck;
}

export type DataOf<K extends SubmissionKind> = FormAnswers[K];

/** Each kind's handler, typed for its own answers. */
export type FormHandlers = { [K in SubmissionKind]: FormHandler<DataOf<K>> };

/**
 * The forms as the pipeline knows them, without any step after storing: what to validate, label
 * and write. Whatever delivers or settles a record takes the handlers the composition root made
 * (app/formHandlers.ts), with each kind's `afterStore`, from its deps.
 */
export const FORM_HANDLERS: FormHandlers = {
  intake: intakeForm,
  commitment: commitmentForm,
  response: responseForm,
  reflection: reflectionForm,
  'check-in': checkInForm,
  stuck: stuckForm,
};

/**
 * The handler of a kind known only at run time (read from a key or a held post), as one type
 * that generic code can take: `FORM_HANDLERS[kind]` is a union of four handler types, which
 * cannot be passed where one FormHandler<Data> is expected. The record's kind is checked
 * against the handler's where it is read (storedRecordFor).
 */
export function handlerOf<K extends SubmissionKind>(handlers: FormHandlers, kind: K): FormHandler<DataOf<K>> {
  return handlers[kind];
}
