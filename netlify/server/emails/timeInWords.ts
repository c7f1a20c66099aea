/**
 * Moments as a person reads them, in a named time zone, for the coach's emails: a deadline in the
 * client's zone and the coach's, a short date for a subject line. Intl only, as src/forms/zonedTime.ts.
 */

const dateInZone = (instant: Date, timeZone: string, year: boolean) =>
  new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric', ...(year ? { year: 'numeric' } : {}) }).format(instant);

const timeInZone = (instant: Date, timeZone: string) => new Intl.DateTimeFormat('en-US', { timeZone, timeStyle: 'short' }).format(instant);

const zoneName = (timeZone: string) => timeZone.replace(/_/g, ' ');

/** "Tue, Dec 1" in a zone; with the year ("Tue, Dec 1, 2027") when it is not the year of `reference` there. */
export function shortDate(instant: Date, timeZone: string, reference: Date): string {
  const yearOf = (moment: Date) => new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(moment);
  const withYear = yearOf(instant) !== yearOf(reference);
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}) }).format(instant);
}

/**
 * A client's deadline for the coach, in both zones:
 * "Tuesday, December 1, 2026 at 6:00 PM their time (Europe/London), which is 12:00 PM your time (America/Chicago)".
 * The coach's date is named too when it is another day; one zone when both are the same.
 */
export function deadlineForCoach(deadline: Date, clientZone: string, coachZone: string): string {
  const theirDate = dateInZone(deadline, clientZone, true);
  const theirs = `${theirDate} at ${timeInZone(deadline, clientZone)}`;
  if (clientZone === coachZone) return `${theirs}, your time and theirs (${zoneName(coachZone)})`;
  const sameDay = dateInZone(deadline, coachZone, true) === theirDate;
  const yours = `${sameDay ? '' : `${dateInZone(deadline, coachZone, false)} at `}${timeInZone(deadline, coachZone)}`;
  return `${theirs} their time (${zoneName(clientZone)}), which is ${yours} your time (${zoneName(coachZone)})`;
}

/**
 * A client's deadline for the client, in their zone: "Tuesday, December 1 at 6:00 PM (Europe/London
 * time)", with the year when it is not the year of `reference` there.
 */
export function deadlineForClient(deadline: Date, clientZone: string, reference: Date): string {
  const yearOf = (moment: Date) => new Intl.DateTimeFormat('en-US', { timeZone: clientZone, year: 'numeric' }).format(moment);
  return `${dateInZone(deadline, clientZone, yearOf(deadline) !== yearOf(reference))} at ${timeInZone(deadline, clientZone)} (${zoneName(clientZone)} time)`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 6 days", "2 hours ago": how far a moment is from now, in the largest whole unit. */
export function fromNowInWords(moment: Date, now: Date): string {
  const ms = moment.getTime() - now.getTime();
  const [unit, size] = UNITS.find(([, size]) => Math.abs(ms) >= size) ?? UNITS.at(-1)!;
  return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(Math.trunc(ms / size), unit);
}
