/**
 * The one way to write HTML on the server: `html` escapes every value it is given, except HTML
 * built the same way (`Raw`), so pieces nest without being escaped twice. Pages, emails and
 * refusals are all built with it; `escapeHtml` is its one escaping function, and private to it, so
 * no other file escapes by hand (eslint.config.js refuses a hand escape anywhere else).
 */

/** Escapes text for HTML element content and attribute values. Every value from a user goes through it. */
function escapeHtml(value: unknown): string {
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

/** Pieces of HTML one after another, with `separator` between them (text, escaped; or HTML such as `<br>` as `Raw`). */
export function joined(parts: readonly unknown[], separator: unknown): Raw {
  return new Raw(parts.map(escapeValue).join(escapeValue(separator)));
}

/** Plain text as HTML whose line breaks are kept: each line escaped, `<br>` between lines. */
export function lines(text: string): Raw {
  return joined(text.split('\n'), raw('<br>'));
}
