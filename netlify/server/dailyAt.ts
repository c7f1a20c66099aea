/**
 * When a daily task is due: at a wall-clock time in the coach's time zone (07:00 in Chicago is
 * 13:00 UTC in winter and 12:00 UTC in summer), and as soon as possible after a run that was
 * missed (a deploy, an outage), once.
 */
import { zonedTimeToUtc } from '#src/forms/zonedTime.ts';

const DAY_MS = 24 * 3600_000;

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayInZone(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The calendar day `days` after (or before, when negative) a day written YYYY-MM-DD. */
export const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const dayBefore = (day: string) => addDays(day, -1);

/**
 * The instant of `at` (HH:MM) on `day` in a zone. A time the clocks skip that day (02:30 when
 * they go forward) happens at the first minute that exists after it.
 */
export function momentOn(day: string, at: string, timeZone: string): Date {
  const [hour, minute] = at.split(':').map(Number) as [number, number];
  for (let later = 0; later <= 180; later += 1) {
    const total = hour * 60 + minute + later;
    const wall = `${day}T${String(Math.floor(total / 60) % 24).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
    const instant = total < 24 * 60 ? zonedTimeToUtc(wall, timeZone) : null;
    if (instant) return instant;
  }
  throw new Error(`No ${at} on ${day} in ${timeZone}`);
}

/** The most recent `at` (HH:MM, wall clock in `timeZone`) at or before `now`. */
export function latestDailyMoment(now: Date, at: string, timeZone: string): Date {
  const today = dayInZone(now, timeZone);
  const moment = momentOn(today, at, timeZone);
  return moment.getTime() <= now.getTime() ? moment : momentOn(dayBefore(today), at, timeZone);
}

/**
 * A daily task's `due`: when it has not run since the latest `at`. A last run later than now
 * means the clock was moved (`npm run jobs -- --at` in the past after one in the future), so it
 * says nothing about today: the task is due, and its idempotency keeps it from acting twice.
 */
export function dailyAt(at: string, timeZone: string) {
  return (now: Date, lastRun: Date | undefined): boolean =>
    !lastRun || lastRun.getTime() < latestDailyMoment(now, at, timeZone).getTime() || lastRun.getTime() > now.getTime();
}
