import type { FieldMap, FormSchema } from '../../../src/forms/fields.ts';
import type { Validation } from './formHandler.ts';

/** Runs a form schema and returns data or field errors, with the fields used for labels. */
export function validateWith(schema: FormSchema<object>, fields: FieldMap, input: Record<string, unknown>): Validation {
  const result = schema.validate(input);
  return result.ok ? { ok: true, data: result.data as Record<string, unknown>, fields } : { ok: false, errors: result.errors, fields };
}
