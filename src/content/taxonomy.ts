/**
 * The fixed vocabularies of the content model. Plain constants (no Astro, no zod) so that
 * pages, content schemas, form schemas and Netlify Functions can all import them.
 */

/** What an exercise works on. */
export const FOCUSES = [
  'clarity',
  'confidence',
  'goals',
  'strengths',
  'values',
  'habits',
  'job-search',
] as const;
export type Focus = (typeof FOCUSES)[number];

export const FOCUS_LABELS: Record<Focus, string> = {
  clarity: 'Clarity',
  confidence: 'Confidence',
  goals: 'Goals',
  strengths: 'Strengths',
  values: 'Values',
  habits: 'Habits',
  'job-search': 'Job search',
};

/** When an exercise is done. */
export const WHEN = ['in-session', 'between-sessions', 'either'] as const;
export type When = (typeof WHEN)[number];

export const WHEN_LABELS: Record<When, string> = {
  'in-session': 'In a session',
  'between-sessions': 'Between sessions',
  either: 'In or between sessions',
};

/** Time bands used to narrow the exercise library by minutes needed. */
export const DURATIONS = [
  { slug: 'quick', label: 'Under 15 minutes', min: 0, max: 14 },
  { slug: 'medium', label: '15 to 30 minutes', min: 15, max: 30 },
  { slug: 'long', label: 'Over 30 minutes', min: 31, max: Number.POSITIVE_INFINITY },
] as const;
export type DurationSlug = (typeof DURATIONS)[number]['slug'];
