import type * as z from 'zod/mini';
import { fieldErrors, type FieldMap } from '../../../src/forms/fields.ts';
import type { Validation } from './formHandler.ts';

/** Runs a form schema and returns data or field errors, with the fields used for labels. */
export function validateWith(schema: z.ZodMiniType, fields: FieldMap, input: Record<string, unknown>): Validation {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, data: result.data as Record<string, unknown>, fields }
    : { ok: false, errors: fieldErrors(result.error), fields };
}
