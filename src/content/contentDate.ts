/**
 * A date in the frontmatter: a day written YYYY-MM-DD, or a full ISO date-time, and nothing else.
 *
 * Astro's YAML reader turns an unquoted 2026-12-01 into a Date itself, and quietly rolls
 * 2026-31-12 over into July 2028 and 2026-02-30 into March 2; `new Date()` reads 01/12/2026 the
 * American way. So the content check (integrations/content/checkContent.ts) reads frontmatter
 * with dates left as the text the coach wrote, and this field refuses every other form, showing
 * the expected form and the value given. A Date it is handed was already parsed by Astro after
 * that check passed.
 */
import { z } from 'astro/zod';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The date the text stands for, or why it does not stand for one. */
export function parseContentDate(text: string): { date: Date } | { problem: string } {
  const trimmed = text.trim();
  const parts = DAY.exec(trimmed) ?? DATE_TIME.exec(trimmed);
  const expected = `must be a date written as YYYY-MM-DD, e.g. 2026-12-01; it says "${text}"`;
  if (!parts) return { problem: expected };
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  if (month! < 1 || month! > 12) {
    // 2026-31-12 is nearly always the day and month swapped.
    const swapped = day! >= 1 && day! <= 12 && month! <= daysIn(year!, day!) ? ` (year, then month, then day: did you mean ${year}-${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}?)` : '';
    return { problem: `${expected}, and there is no month ${month}${swapped}` };
  }
  if (day! < 1 || day! > daysIn(year!, month!)) return { problem: `${expected}, and ${MONTHS[month! - 1]} ${year} has no day ${day}` };
  if (hour! > 23 || minute! > 59 || second! > 59) return { problem: `${expected}, and that time of day does not exist` };
  // A day alone, or a time without an offset, is read as UTC, as YAML reads it.
  const date = new Date(DAY.test(trimmed) || parts[7] ? trimmed : `${trimmed}Z`);
  return { date };
}

/** How a value that is not a date reads in a message. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** The frontmatter date field: text checked as above, or a Date from Astro's own YAML reading. */
export const contentDate = z.unknown().transform((value, ctx): Date => {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (value === undefined || value === null) {
    ctx.addIssue({ code: 'invalid_type', expected: 'date', input: value });
    return z.NEVER;
  }
  const parsed = typeof value === 'string' ? parseContentDate(value) : { problem: `must be a date written as YYYY-MM-DD, e.g. 2026-12-01; it says ${shown(value)}` };
  if ('date' in parsed) return parsed.date;
  ctx.addIssue({ code: 'custom', message: parsed.problem, input: value });
  return z.NEVER;
});
