import type { FieldMap, FormSchema } from '#src/forms/fields.ts';
import type { Validation } from './formHandler.ts';

/** Runs a form schema and returns its typed answers or field errors, with the fields used for labels. */
export function validateWith<Data>(schema: FormSchema<Data>, fields: FieldMap, input: Record<string, unknown>): Validation<Data> {
  const result = schema.validate(input);
  return result.ok ? { ok: true, data: result.data, fields } : { ok: false, errors: result.errors, fields };
}
