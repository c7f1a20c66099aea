/**
 * When a commitment's reminder, check-in and follow-up fall due, in the client's own time zone:
 * pure, the moment passed in. Wall-clock times (09:00, 08:00, 20:00) are found with the platform's
 * Intl through scheduler/dailyAt.ts, so a day with a daylight-saving change has the same 09:00
 * as any other, and a time the clocks skip happens at the first minute after the gap.
 * docs/decisions/011-homework-loop.md says why each rule is what it is.
 */
import { addDays, dayInZone, momentOn } from '../dailyAt.ts';
import type { LoopState } from './loopStore.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** No email to a client between these, their time: from QUIET_FROM until QUIET_UNTIL the next morning. */
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL = '08:00';
/** The default reminder: this time on the day before the deadline's day. */
export const REMINDER_AT = '09:00';
/** Where a reminder that would fall in the quiet hours goes instead: this time the evening before them. */
export const EVENING_BEFORE_QUIET = '20:00';
/** No reminder for a deadline closer than this when the loop starts. */
export const MIN_REMINDER_LEAD_MS = HOUR_MS;
/** A reminder "a few hours before" a deadline too soon for the morning before: this much before it, at most. */
export const SOON_REMINDER_LEAD_MS = 3 * HOUR_MS;
/** Nor one this soon after the commitment was made: its confirmation has only just arrived. */
export const MIN_REMINDER_AFTER_START_MS = 30 * MINUTE_MS;
/** The follow-up, when no answer came: this many days after the check-in, at the same time of day. */
export const FOLLOW_UP_DAYS = 2;

/** The hour and minute of an instant on the client's clock. */
function wallClock(instant: Date, timeZone: string): { day: string; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { day: dayInZone(instant, timeZone), hour: get('hour'), minute: get('minute') };
}

/** Whether an instant is in the client's quiet hours (21:00 to 08:00 their time). */
export function isQuiet(instant: Date, timeZone: string): boolean {
  const { hour } = wallClock(instant, timeZone);
  return hour >= QUIET_FROM_HOUR || hour < Number(QUIET_UNTIL.slice(0, 2));
}

/** The 08:00 that ends the quiet hours an instant falls in (the instant itself outside them). */
export function endOfQuiet(instant: Date, timeZone: string): Date {
  if (!isQuiet(instant, timeZone)) return instant;
  const { day, hour } = wallClock(instant, timeZone);
  return momentOn(hour >= QUIET_FROM_HOUR ? addDays(day, 1) : day, QUIET_UNTIL, timeZone);
}

/** 20:00 on the evening that starts the quiet hours an instant falls in (the instant itself outside them). */
function eveningBefore(instant: Date, timeZone: string): Date {
  if (!isQuiet(instant, timeZone)) return instant;
  const { day, hour } = wallClock(instant, timeZone);
  return momentOn(hour >= QUIET_FROM_HOUR ? day : addDays(day, -1), EVENING_BEFORE_QUIET, timeZone);
}

/**
 * The reminder: 09:00 the day before the deadline's day; when that has passed (or is about to),
 * "a few hours before" (three, or half the time left if less); none for a deadline less than an
 * hour away. Never in the quiet hours: moved earlier, to 20:00 the evening before them, and
 * dropped when that is in the past or within half an hour of now.
 */
export function reminderMoment(deadline: Date, timeZone: string, now: Date): Date | null {
  const lead = deadline.getTime() - now.getTime();
  if (lead < MIN_REMINDER_LEAD_MS) return null;
  const earliest = now.getTime() + MIN_REMINDER_AFTER_START_MS;
  let moment = momentOn(addDays(dayInZone(deadline, timeZone), -1), REMINDER_AT, timeZone);
  if (moment.getTime() < earliest) moment = new Date(deadline.getTime() - Math.min(SOON_REMINDER_LEAD_MS, lead / 2));
  moment = eveningBefore(moment, timeZone);
  return moment.getTime() < earliest ? null : moment;
}

/**
 * The check-in: at the deadline, or at once for a deadline already past when the loop starts. A
 * deadline in the quiet hours (say 23:00) is checked in on at 08:00 the next morning: the
 * client is not emailed at night, and the morning after is still "at the deadline" to them.
 */
export function checkInMoment(deadline: Date, timeZone: string, now: Date): Date {
  return endOfQuiet(new Date(Math.max(deadline.getTime(), now.getTime())), timeZone);
}

/** The follow-up: two days after the check-in at the same time of day on the client's clock (not 48 hours across a clock change), never at night. */
export function followUpMoment(checkIn: Date, timeZone: string): Date {
  const { day, hour, minute } = wallClock(checkIn, timeZone);
  const at = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return endOfQuiet(momentOn(addDays(day, FOLLOW_UP_DAYS), at, timeZone), timeZone);
}

export interface PlanInput {
  /** The deadline (an instant). */
  deadline: Date;
  /** The client's IANA time zone, from the commitment. */
  timeZone: string;
  /** When the loop starts. */
  now: Date;
}

/** Every step's moment (ISO), as LoopState.plan holds them; no reminder when none fits. */
export function planLoop({ deadline, timeZone, now }: PlanInput): LoopState['plan'] {
  const reminder = reminderMoment(deadline, timeZone, now);
  const checkIn = checkInMoment(deadline, timeZone, now);
  return {
    ...(reminder ? { reminder: reminder.toISOString() } : {}),
    'check-in': checkIn.toISOString(),
    'follow-up': followUpMoment(checkIn, timeZone).toISOString(),
  };
}
