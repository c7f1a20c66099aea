/**
 * The one way to write HTML on the server: `html` escapes every value it is given, except HTML
 * built the same way (`Raw`), so pieces nest without being escaped twice. Pages, emails and
 * refusals are all built with it; `escapeHtml` is its one escaping function.
 */

/** Escapes text for HTML element content and attribute values. Every value from a user goes through it. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Already-built HTML: `html` inserts it as it is instead of escaping it again. */
export class Raw {
  // A plain field, not a parameter property: Node runs this file by stripping types (npm run jobs, npm run preview).
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}
export const raw = (value: string) => new Raw(value);

/**
 * Builds HTML, escaping every interpolated value except HTML built the same way, so pieces
 * nest without being escaped twice. Use it for every piece of HTML built from data.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  return new Raw(strings.reduce((out, part, i) => out + part + (i < values.length ? escapeValue(values[i]) : ''), ''));
}

function escapeValue(value: unknown): string {
  if (value instanceof Raw) return value.value;
  if (Array.isArray(value)) return value.map(escapeValue).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}
