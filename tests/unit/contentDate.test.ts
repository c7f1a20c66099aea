import { describe, expect, it } from 'vitest';
import { parseContentDate } from '#src/content/contentDate.ts';

const moment = (text: string) => {
  const parsed = parseContentDate(text);
  return 'date' in parsed ? parsed.date.toISOString() : parsed.problem;
};

describe('a date in the frontmatter', () => {
  it('reads YYYY-MM-DD as that day, at midnight UTC as YAML does', () => {
    expect(moment('2026-12-01')).toBe('2026-12-01T00:00:00.000Z');
    expect(moment('2028-02-29')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('reads a full ISO date-time with its offset, and one without an offset as UTC', () => {
    expect(moment('2026-12-01T09:30:00+02:00')).toBe('2026-12-01T07:30:00.000Z');
    expect(moment('2026-12-01T09:30:00Z')).toBe('2026-12-01T09:30:00.000Z');
    expect(moment('2026-12-01T09:30')).toBe('2026-12-01T09:30:00.000Z');
  });

  it('refuses a month or a day that does not exist instead of rolling over into another date', () => {
    expect(moment('2026-31-12')).toBe('must be a date written as YYYY-MM-DD, e.g. 2026-12-01; it says "2026-31-12", and there is no month 31 (year, then month, then day: did you mean 2026-12-31?)');
    expect(moment('2026-02-30')).toBe('must be a date written as YYYY-MM-DD, e.g. 2026-12-01; it says "2026-02-30", and February 2026 has no day 30');
    expect(moment('2026-02-29')).toMatch(/February 2026 has no day 29/);
    expect(moment('2026-13-40')).toMatch(/there is no month 13\)?$/);
    expect(moment('2026-12-01T24:00:00Z')).toMatch(/that time of day does not exist/);
  });

  it('refuses every other way of writing a date, showing the expected form and the value given', () => {
    for (const text of ['01/12/2026', '12/01/2026', 'December 1st, 2026', '1 Dec 2026', '2026-12-1', '20261201', '2026-12-01 09:30']) {
      expect(moment(text), text).toBe(`must be a date written as YYYY-MM-DD, e.g. 2026-12-01; it says "${text}"`);
    }
  });
});
