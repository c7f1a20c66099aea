import { DURATIONS, FOCUSES, type DurationSlug, type Focus, type When } from '../content/taxonomy';

/** The moments a client can narrow by; an "either" exercise belongs to both. */
export const WHEN_FILTERS = ['in-session', 'between-sessions'] as const satisfies readonly When[];
export type WhenFilter = (typeof WHEN_FILTERS)[number];

/** A narrowing of the exercise library. `undefined` means "any". */
export interface ExerciseFilter {
  focus?: Focus;
  when?: WhenFilter;
  duration?: DurationSlug;
}

interface Filterable {
  data: { focus: readonly Focus[]; when: When; minutes: number };
}

const ANY = 'any';

/** Exercises matching every part of the filter. */
export function filterExercises<T extends Filterable>(exercises: readonly T[], filter: ExerciseFilter): T[] {
  const band = DURATIONS.find((d) => d.slug === filter.duration);
  return exercises.filter(({ data }) => {
    if (filter.focus && !data.focus.includes(filter.focus)) return false;
    if (filter.when && data.when !== filter.when && data.when !== 'either') return false;
    if (band && (data.minutes < band.min || data.minutes > band.max)) return false;
    return true;
  });
}

/** The URL of a filtered view. The unfiltered view is the library index itself. */
export function filterPath(filter: ExerciseFilter): string {
  if (!filter.focus && !filter.when && !filter.duration) return '/exercises/';
  return `/exercises/filter/${filter.focus ?? ANY}/${filter.when ?? ANY}/${filter.duration ?? ANY}/`;
}

/** Every combination of filters, for generating one static page per view. */
export function allFilters(): ExerciseFilter[] {
  const focuses = [undefined, ...FOCUSES];
  const whens = [undefined, ...WHEN_FILTERS];
  const durations = [undefined, ...DURATIONS.map((d) => d.slug)];
  return focuses.flatMap((focus) =>
    whens.flatMap((when) => durations.map((duration) => ({ focus, when, duration }))),
  ).filter((f) => f.focus || f.when || f.duration);
}
