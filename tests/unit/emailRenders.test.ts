/**
 * A kept render (rendered/<kind>/<id>/<recipient>) is resent under the same idempotency key, and
 * Resend refuses that key with any other payload (decision 006): for the same record, the emails
 * must come out byte for byte the same, whatever the code around them becomes. These digests are
 * of the emails as they render since issue 13 (labels for the coach, times in words, subjects that
 * say who and what once, links, greeting by first name); a change to a template changes them on
 * purpose, and then they are updated with the reason in the commit. Renders already kept are
 * unaffected: a retry sends the kept copy, never a new render (decision 006).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import { buildEmail, type EmailContext } from '#server/emails/submissionEmails.ts';
import { toStoredEmail } from '#server/emails/storedEmail.ts';
import { FORM_HANDLERS, type DataOf } from '#server/submissions/forms/index.ts';
import type { Recipient, Stored, SubmissionRecord } from '#server/submissions/records.ts';
import { COACH_EMAIL, FROM_EMAIL, SITE_URL, TEST_CATALOG } from '../support/pipeline';

const client = { name: 'Zoë O’Brien <zoe>', email: 'zoe@example.org' };

/** One stored record of each kind, as acceptSubmission writes it. */
const DATA: { [K in SubmissionKind]: Stored<DataOf<K>> } = {
  intake: {
    ...client,
    preferredName: undefined,
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
    follows: undefined,
    followsWhat: undefined,
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
  'check-in': {
    ...client,
    commitment: '5f0d7a3e-8c1b-4d2a-9e6f-1a2b3c4d5e6f',
    what: 'Send two informational-interview requests',
    answer: 'done',
    note: 'Both sent on Monday;\none already answered & said yes.',
    evidence: { key: 'uploads/0b6f1c1e-4bb4-4f0e-9a55-2f8f7c3c1a10/evidence-0123456789abcdef', fileName: 'sent-emails.pdf', contentType: 'application/pdf', size: 12_000 },
  },
  stuck: {
    ...client,
    what: 'I wrote the two requests\nand cannot bring myself to send them.',
    reply: 'call',
    phone: '+1 312 555 0100',
    howSoon: 'today',
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
    coach: 'dae074f297032b38577c5cedb2d7f6ace72f76404b773e029a40a2a7a524591a',
    client: '292bf30fd5daf4b1dec5803a49b91fb39c14dbb920266757515452a1c7834117',
  },
  commitment: {
    coach: 'bb163b34a298a606c42a31a5fe3b30fa68674b28a0869934de8e2a0c4fb7d51c',
    client: '32415837daf415fef454a366d335d121dba7f0e685a2060d8644a975a5cad75a',
  },
  response: {
    coach: 'c49bef6eac6c3c2745c78327328d98e049e7dcf4804d27def90f411eb7553e0a',
    client: 'c51228bec815bd781fea09b6a692e0659d9e3a8973b2af299cffc5959f23eedc',
  },
  reflection: {
    coach: 'ad91449885730a175440309ccfc3d27b22951218a898b6a0ee661cae7484dbb0',
    client: '936d57e969db707728a847f913e1e89c32823e211c46ccd599e2819cbe068df8',
  },
  'check-in': {
    coach: 'c1a3f3576ffebeab985d1c5318aad579d910f72485dbde0c75e72cfe4db93ffb',
    client: '9a25c017d6247fbb4a32e26a0b53be2611c7b3ae15ab6326f98bbce254da4491',
  },
  stuck: {
    coach: 'fd9a7bcf7b3be985f6ddb03422ab47511f920f879d4c5904fe77f6823ccc4a6d',
    client: '2c00b9b1b8c3925cab1185977ade3082358b5f2af7a1a55632dfef91b8ff3de9',
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
