/**
 * Converting a wall-clock time in a named time zone to an instant, with nothing but Intl,
 * so the browser and the server agree without a time zone library.
 */

/** The offset of a zone from UTC at an instant, in minutes (e.g. -300 for New York in winter). */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - instant) / 60_000);
}

/**
 * "2026-12-01T09:00" in "America/Chicago" → the Date of that moment. Returns null for a time
 * that does not exist there (skipped by a daylight-saving change) or for malformed input.
 * An ambiguous time (repeated when clocks go back) resolves to the earlier instant.
 */
export function zonedTimeToUtc(local: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(wall).getUTCMonth() !== month - 1 || new Date(wall).getUTCDate() !== day || hour > 23 || minute > 59) {
    return null;
  }
  try {
    const candidates = new Set<number>();
    for (const probe of [wall - 86_400_000, wall, wall + 86_400_000]) {
      candidates.add(wall - offsetMinutes(probe, timeZone) * 60_000);
    }
    const valid = [...candidates]
      .filter((instant) => instant + offsetMinutes(instant, timeZone) * 60_000 === wall)
      .sort((a, b) => a - b);
    return valid.length > 0 ? new Date(valid[0]!) : null;
  } catch {
    return null;
  }
}

/** Formats an instant for a person in their zone: "Tuesday, December 1, 2026 at 9:00 AM CST". */
export function formatInZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone, dateStyle: 'full', timeStyle: 'short',
  }).format(instant) + ` (${timeZone.replace(/_/g, ' ')})`;
}
