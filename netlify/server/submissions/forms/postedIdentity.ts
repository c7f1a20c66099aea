import type { ClientIdentity } from '#src/forms/identity.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Who a post says it is from, before (or without) validation: a post held as spam, or a record
 * read back as plain JSON. Each identity field, where it is text. Typed from the identity fields,
 * so renaming one breaks the build here rather than in the coach's spam note or an erase.
 */
export function postedIdentity(fields: Readonly<Record<string, unknown>>): Partial<ClientIdentity> {
  return { name: text(fields.name), email: text(fields.email) };
}
