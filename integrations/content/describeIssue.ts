/**
 * Turns one zod issue about a content file into one plain sentence that names the field once,
 * says what is wrong with the value given, and what to write instead: "The 2nd prompt has no
 * question: add "question: …" to it." Prompts, tags and the like are counted from 1.
 *
 * Parse with `{ reportInput: true, error: () => '' }`: zod then leaves its own wording out
 * (an empty message), keeps the messages the schema gives (src/content/schemas.ts, written
 * to follow the field's name), and reports the value given.
 */
import type { z } from 'astro/zod';

/** What one item of a list field is called. */
const ITEM_NAMES: Record<string, string> = {
  prompts: 'prompt',
  tags: 'tag',
  focus: 'focus',
  themes: 'theme',
  debrief: 'debrief question',
  relatedExercises: 'related exercise',
};

/** What a value of each expected type looks like. */
const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number, like 10',
  int: 'a whole number, like 10',
  boolean: 'true or false',
  array: 'a list, like [one, two]',
  object: 'a group of fields, each on its own indented line',
  date: 'a date written as YYYY-MM-DD, e.g. 2026-12-01',
};

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** "title", "the 2nd prompt", "the 2nd prompt's question", "the 1st tag". */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the frontmatter';
  let name = '';
  path.forEach((part, index) => {
    if (typeof part === 'number') {
      const list = String(path[index - 1] ?? '');
      name = `the ${ordinal(part + 1)} ${ITEM_NAMES[list] ?? `item of ${list}`}`;
    } else name = name && typeof path[index - 1] === 'number' ? `${name}'s ${String(part)}` : String(part);
  });
  return name;
}

/** How a value reads in a message. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return `[${value.map(shown).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return 'a group of fields';
  return String(value);
}

const capitalised = (sentence: string) => (sentence.startsWith('the ') ? `T${sentence.slice(1)}` : sentence);
const sentence = (text: string) => capitalised(/[.?!]$/.test(text) ? text : `${text}.`);

export function describeIssue(issue: z.core.$ZodIssue): string {
  const { path } = issue;
  const field = fieldName(path);
  const input = (issue as { input?: unknown }).input;
  const key = String(path.at(-1) ?? '');
  const parent = path.slice(0, -1);

  if (issue.message) return sentence(`${field} ${issue.message}`);
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) {
        return parent.length > 0 && typeof parent.at(-1) === 'number'
          ? sentence(`${fieldName(parent)} has no ${key}: add "${key}: …" to it`)
          : sentence(`${field} is missing: add a line "${key}: …" to the frontmatter`);
      }
      if (input === null) return sentence(`${field} is empty: write its value after "${key}:"`);
      return sentence(`${field} must be ${EXPECTED[issue.expected] ?? issue.expected}; it says ${shown(input)}`);
    case 'invalid_value':
      return sentence(`${field} must be one of ${issue.values.map(String).join(', ')}; it says ${shown(input)}`);
    case 'too_small':
      if (issue.origin === 'string') return sentence(`${field} is empty: write its value after "${key}:"`);
      if (issue.origin === 'array') return sentence(`${field} needs at least ${String(issue.minimum)}`);
      return sentence(`${field} must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}; it says ${shown(input)}`);
    case 'too_big':
      if (issue.origin === 'string') return sentence(`${field} is too long: keep it under ${String(issue.maximum)} characters`);
      if (issue.origin === 'array') return sentence(`${field} has too many: at most ${String(issue.maximum)}`);
      return sentence(`${field} must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}; it says ${shown(input)}`);
    default:
      return sentence(`${field} is not in a form I can read; it says ${shown(input)}`);
  }
}
