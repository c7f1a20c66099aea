/** A daily task's time: a wall-clock hour in the coach's zone, through daylight-saving changes, caught up once when missed. */
import { describe, expect, it } from 'vitest';
import { dailyAt, dayInZone, latestDailyMoment } from '#server/dailyAt.ts';
import { SITE } from '#src/site.config.ts';

const CHICAGO = 'America/Chicago';
const QUARTER_HOUR = 15 * 60_000;

/** Every quarter-hour run from `from` to `to` (UTC), as Netlify's `*\/15 * * * *` fires; the moments the task was due. */
function sweep(from: string, to: string, due = dailyAt('07:00', CHICAGO)): string[] {
  const ran: string[] = [];
  let lastRun: Date | undefined = new Date(Date.parse(from) - QUARTER_HOUR);
  for (let at = Date.parse(from); at <= Date.parse(to); at += QUARTER_HOUR) {
    const now = new Date(at);
    if (due(now, lastRun)) {
      ran.push(now.toISOString());
      lastRun = now;
    }
  }
  return ran;
}

describe('a task due daily at 07:00 in Chicago', () => {
  it('runs once a day, at 07:00 Chicago time, across the change to daylight saving time (2027-03-14)', () => {
    const ran = sweep('2027-03-13T00:00:00Z', '2027-03-15T23:45:00Z');

    // 07:00 CST is 13:00 UTC; 07:00 CDT, from the 14th, is 12:00 UTC.
    expect(ran).toEqual(['2027-03-13T13:00:00.000Z', '2027-03-14T12:00:00.000Z', '2027-03-15T12:00:00.000Z']);
  });

  it('runs once a day, at 07:00 Chicago time, across the change back to standard time (2026-11-01)', () => {
    const ran = sweep('2026-10-31T00:00:00Z', '2026-11-02T23:45:00Z');

    expect(ran).toEqual(['2026-10-31T12:00:00.000Z', '2026-11-01T13:00:00.000Z', '2026-11-02T13:00:00.000Z']);
  });

  it('is due once, at the first run after a missed morning, and not again that day', () => {
    const due = dailyAt('07:00', CHICAGO);
    const lastRun = new Date('2026-11-28T13:00:00Z');

    // Down from the 28th until 10:30 Chicago time on 1 December.
    expect(due(new Date('2026-12-01T16:30:00Z'), lastRun)).toBe(true);
    expect(due(new Date('2026-12-01T16:45:00Z'), new Date('2026-12-01T16:30:00Z'))).toBe(false);
    expect(due(new Date('2026-12-02T12:45:00Z'), new Date('2026-12-01T16:30:00Z'))).toBe(false);
    expect(due(new Date('2026-12-02T13:00:00Z'), new Date('2026-12-01T16:30:00Z'))).toBe(true);
  });

  it('is due on the first run ever', () => {
    expect(dailyAt('07:00', CHICAGO)(new Date('2026-12-01T02:00:00Z'), undefined)).toBe(true);
  });

  it('is due when its last run is later than now, as after a run at a moved clock', () => {
    expect(dailyAt('07:00', CHICAGO)(new Date('2026-12-01T13:05:00Z'), new Date('2027-01-01T13:05:00Z'))).toBe(true);
  });
});

describe('latestDailyMoment', () => {
  it('is today’s time once it has passed, and yesterday’s before', () => {
    expect(latestDailyMoment(new Date('2026-12-01T13:00:00Z'), '07:00', CHICAGO).toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(latestDailyMoment(new Date('2026-12-01T12:59:00Z'), '07:00', CHICAGO).toISOString()).toBe('2026-11-30T13:00:00.000Z');
    // 05:00 UTC on 1 December is still 30 November in Chicago.
    expect(latestDailyMoment(new Date('2026-12-01T05:00:00Z'), '07:00', CHICAGO).toISOString()).toBe('2026-11-30T13:00:00.000Z');
  });

  it('moves a time the clocks skip to the first minute after the gap', () => {
    // 2027-03-14 02:30 does not exist in Chicago: clocks go from 02:00 CST to 03:00 CDT (08:00 UTC).
    expect(latestDailyMoment(new Date('2027-03-14T12:00:00Z'), '02:30', CHICAGO).toISOString()).toBe('2027-03-14T08:00:00.000Z');
  });

  it('takes the first of a time the clocks repeat', () => {
    expect(latestDailyMoment(new Date('2026-11-01T12:00:00Z'), '01:30', CHICAGO).toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });
});

describe('the coach’s morning hour', () => {
  it('is a time of day that exists in the coach’s zone', () => {
    expect(SITE.morningSummaryAt).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    expect(dayInZone(latestDailyMoment(new Date('2026-12-01T23:00:00Z'), SITE.morningSummaryAt, SITE.timeZone), SITE.timeZone)).toBe('2026-12-01');
  });
});
