import type { FieldMap } from './fields.ts';

/** Field labels by name, for the error summary. */
export function labelsOf(fields: FieldMap): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, def]) => [name, def.label]));
}
