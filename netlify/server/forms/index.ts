import type { SubmissionKind } from '../../../src/forms/kinds.ts';
import { commitmentForm } from './commitment.ts';
import type { FormHandler } from './formHandler.ts';
import { intakeForm } from './intake.ts';
import { reflectionForm } from './reflection.ts';
import { responseForm } from './response.ts';

export const FORM_HANDLERS: Record<SubmissionKind, FormHandler> = {
  intake: intakeForm,
  commitment: commitmentForm,
  response: responseForm,
  reflection: reflectionForm,
};
