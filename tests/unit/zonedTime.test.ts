import { describe, expect, it } from 'vitest';
import { formatInZone, zonedTimeToUtc } from '#src/forms/zonedTime.ts';

const utc = (local: string, zone: string) => zonedTimeToUtc(local, zone)?.toISOString() ?? null;

/** The wall-clock time of an instant in a zone, as a datetime-local input writes it. */
function wallClock(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

describe('zonedTimeToUtc', () => {
  it('turns a wall-clock time in a zone into the instant it names', () => {
    expect(utc('2026-12-01T09:00', 'America/Chicago')).toBe('2026-12-01T15:00:00.000Z');
    expect(utc('2027-07-15T18:30', 'Europe/Berlin')).toBe('2027-07-15T16:30:00.000Z');
    expect(utc('2026-12-01T09:00', 'Asia/Kolkata')).toBe('2026-12-01T03:30:00.000Z');
    expect(utc('2026-12-01T09:00', 'UTC')).toBe('2026-12-01T09:00:00.000Z');
  });

  it('returns null for a time skipped when the clocks go forward', () => {
    expect(utc('2026-03-08T02:30', 'America/Chicago')).toBeNull();
    expect(utc('2026-03-29T02:30', 'Europe/Berlin')).toBeNull();
    // Lord Howe Island moves its clocks by half an hour.
    expect(utc('2026-10-04T02:15', 'Australia/Lord_Howe')).toBeNull();
  });

  it('accepts the minutes either side of a skipped hour', () => {
    expect(utc('2026-03-08T01:59', 'America/Chicago')).toBe('2026-03-08T07:59:00.000Z');
    expect(utc('2026-03-08T03:00', 'America/Chicago')).toBe('2026-03-08T08:00:00.000Z');
    expect(utc('2026-10-04T02:30', 'Australia/Lord_Howe')).toBe('2026-10-03T15:30:00.000Z');
  });

  it('picks the earlier instant for a time repeated when the clocks go back', () => {
    expect(utc('2026-11-01T01:30', 'America/Chicago')).toBe('2026-11-01T06:30:00.000Z');
    expect(utc('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('returns null for malformed or impossible input instead of guessing', () => {
    for (const local of ['2026-02-30T10:00', '2026-12-01T24:00', '2026-12-01T09:60', '2026-12-01 09:00', '2026-12-01T9:00', '']) {
      expect(utc(local, 'Europe/Berlin'), local).toBeNull();
    }
    expect(utc('2026-12-01T09:00', 'Mars/Olympus_Mons')).toBeNull();
  });

  it.each(['America/Chicago', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe'])(
    'round-trips times all through 2026 in %s to the same wall clock, at the earliest such instant',
    (zone) => {
      // Every 7 hours: across the year that lands on every hour of the day, in every season.
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * 3_600_000) {
        const wall = wallClock(new Date(t), zone);
        const back = zonedTimeToUtc(wall, zone);
        expect(back, wall).not.toBeNull();
        expect(wallClock(back!, zone), wall).toBe(wall);
        expect(back!.getTime(), wall).toBeLessThanOrEqual(t);
      }
    },
  );
});

describe('formatInZone', () => {
  it('says the instant in the client’s zone and names the zone readably', () => {
    const text = formatInZone(new Date('2026-12-01T15:00:00Z'), 'America/Chicago');

    expect(text).toMatch(/^Tuesday, December 1, 2026,? at 9:00\sAM/);
    expect(text).toMatch(/\(America\/Chicago\)$/);
    expect(formatInZone(new Date('2026-12-01T15:00:00Z'), 'America/New_York')).toMatch(/\(America\/New York\)$/);
  });
});
