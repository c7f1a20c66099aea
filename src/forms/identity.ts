import type { FormValues, TextField } from './fields.ts';

/** Every form identifies the client the same way, so the coach can find all of one client's answers. */
export const IDENTITY_FIELDS = {
  name: { kind: 'text', label: 'Your name', coachLabel: 'Name', required: true, max: 120, autocomplete: 'name' },
  email: {
    kind: 'email',
    label: 'Your email',
    coachLabel: 'Email',
    help: 'Use the same address each time, so everything you send stays together.',
    required: true,
    max: 254,
    autocomplete: 'email',
  },
} as const satisfies Record<string, TextField>;

/** Who sent a form, as every form's validated answers say it. */
export type ClientIdentity = FormValues<typeof IDENTITY_FIELDS>;

export const TIME_ZONE_FIELD = {
  kind: 'timezone',
  label: 'Your time zone',
  coachLabel: 'Their time zone',
  help: 'So that dates and reminders arrive at your local time.',
  required: true,
  max: 64,
} as const satisfies TextField;
