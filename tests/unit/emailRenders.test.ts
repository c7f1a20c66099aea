/**
 * A kept render (rendered/<kind>/<id>/<recipient>) is resent under the same idempotency key, and
 * Resend refuses that key with any other payload (decision 006): for the same record, the emails
 * must come out byte for byte the same, whatever the code around them becomes. These digests are
 * of the emails as they rendered before the handlers were typed from the schemas; a change to a
 * template changes them on purpose, and then they are updated with the reason in the commit.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SubmissionKind } from '../../src/forms/kinds';
import { buildEmail, type EmailContext } from '../../netlify/server/emails/submissionEmails';
import { toStoredEmail } from '../../netlify/server/emails/storedEmail';
import { FORM_HANDLERS, type DataOf } from '../../netlify/server/forms/index';
import type { Recipient, Stored, SubmissionRecord } from '../../netlify/server/submissionStore';
import { COACH_EMAIL, FROM_EMAIL, SITE_URL, TEST_CATALOG } from '../support/pipeline';

const client = { name: 'Zoë O’Brien <zoe>', email: 'zoe@example.org' };

/** One stored record of each kind, as acceptSubmission writes it. */
const DATA: { [K in SubmissionKind]: Stored<DataOf<K>> } = {
  intake: {
    ...client,
    phone: '+44 20 7946 0000',
    pronouns: undefined,
    timeZone: 'Europe/London',
    currentSituation: 'Eight years in operations;\ngood at it & tired of it.',
    whyNow: 'A reorganisation.',
    goals: 'Work that uses my planning skills: https://example.org/plan',
    success3Months: 'A shortlist.',
    success12Months: 'Working in one of them.',
    strengths: 'Untangling projects.',
    values: 'Fairness, craft.',
    obstacles: 'I tell myself "it is too late".',
    jobSearch: true,
    targetRoles: 'Programme manager',
    industries: undefined,
    searchStage: 'applying',
    resume: { key: 'uploads/0b6f1c1e-4bb4-4f0e-9a55-2f8f7c3c1a10/resume-0123456789abcdef', fileName: 'Zoe-resume.pdf', contentType: 'application/pdf', size: 40_000 },
    coverLetter: undefined,
    linkedinUrl: 'https://www.linkedin.com/in/zoe',
    portfolioUrl: undefined,
    accountability: 'text',
    consent: true,
  },
  commitment: {
    ...client,
    what: 'Send two informational-interview requests',
    when: '2026-12-01T09:00',
    timeZone: 'America/Chicago',
    howWillIKnow: 'I will forward you the sent emails, with a note; then a call.',
    exercise: 'values-card-sort',
    inquiry: undefined,
  },
  response: {
    ...client,
    exercise: 'values-card-sort',
    'answers.top-values': 'Honesty, learning, autonomy, kindness, play',
    'answers.surprise': 'Play.\n\nI had not thought of it as a value.',
    notes: 'Why play?',
  },
  reflection: {
    ...client,
    inquiry: 'failing-slowly',
    reflection: 'I keep polishing a side project instead of showing it to anyone.',
    nextSession: undefined,
  },
};

function recordOf<K extends SubmissionKind>(kind: K): SubmissionRecord<Stored<DataOf<K>>> {
  // JSON, as the store keeps it: no undefined values.
  const data = JSON.parse(JSON.stringify(DATA[kind])) as Stored<DataOf<K>>;
  return {
    id: '0b6f1c1e-4bb4-4f0e-9a55-2f8f7c3c1a10',
    kind,
    createdAt: '2026-11-20T14:03:07.123Z',
    data,
    notifications: { coach: { status: 'pending', attempts: 0 }, client: { status: 'pending', attempts: 0 } },
    flags: ['fast-send'],
  };
}

const context: EmailContext = {
  catalog: TEST_CATALOG,
  coachEmail: COACH_EMAIL,
  fromEmail: FROM_EMAIL,
  siteUrl: SITE_URL,
  readUpload: async () => new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
  sendWithoutUnreadable: false,
};

async function digestOf<K extends SubmissionKind>(kind: K, recipient: Recipient): Promise<string> {
  const built = await buildEmail(recipient, FORM_HANDLERS[kind], recordOf(kind), context);
  if (!built.ok) throw new Error(`the ${recipient} email of a ${kind} did not render: ${built.error.name}`);
  return createHash('sha256').update(JSON.stringify(toStoredEmail(built.value))).digest('hex');
}

const EXPECTED: Record<SubmissionKind, Record<Recipient, string>> = {
  intake: {
    coach: '5e8cb50b2791a5f45dbeeb386301f044b6af8713030a7af3d683f2de631d1214',
    client: '437ce9f4887615ac1df37cfc8d3c35db14e20d227bd20e0b946a08b153e36860',
  },
  commitment: {
    coach: 'a130e1c8d5fb2c3375ae31773d842285f9218afc3cb3c04d9a135779dc9c19af',
    client: 'acb192d64e674577f19163ae59732b9e1689f5557defc1285c843f67ada04b2b',
  },
  response: {
    coach: 'a25bdeae88500d121277fd27edcf54d9cb7ec486e54f1d5ff8f5930ba47ca8e5',
    client: '5fe066944dcf48eb6de3fa3a840b634ac5a3f8a8f76dc43767d2d61b42710eeb',
  },
  reflection: {
    coach: '191519cda5b39310c5e6516456d021cceb8ced761b85717223f188e1b9fe980e',
    client: '3cfc2193d3b4911227a5c17c12e23220a5eb35ae312a3eb4a28ad0273336bd55',
  },
};

describe('the emails of a stored record', () => {
  for (const kind of Object.keys(EXPECTED) as SubmissionKind[]) {
    for (const recipient of ['coach', 'client'] as const) {
      it(`render the ${recipient}’s email of a ${kind} byte for byte as before`, async () => {
        expect(await digestOf(kind, recipient)).toBe(EXPECTED[kind][recipient]);
      });
    }
  }
});
