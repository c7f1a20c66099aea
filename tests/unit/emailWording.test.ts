/**
 * What each email says, word for word where it matters: the subject, who is greeted and how, the
 * labels the coach reads, times in words in the right zone, and which addresses are links.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_IN_FIELDS } from '#src/forms/checkIn.ts';
import { COMMITMENT_FIELDS } from '#src/forms/commitment.ts';
import { coachLabelOf, type FieldMap } from '#src/forms/fields.ts';
import { INTAKE_FIELDS } from '#src/forms/intake.ts';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import { REFLECTION_FIELDS } from '#src/forms/reflection.ts';
import { RESPONSE_FIELDS } from '#src/forms/response.ts';
import { STUCK_FIELDS } from '#src/forms/stuck.ts';
import { buildEmail, type EmailContext } from '#server/emails/submissionEmails.ts';
import { morningSummaryEmail } from '#server/summary/morningSummaryEmail.ts';
import { describeHeld, HELD_SPAM_INTRO } from '#server/emails/spamDigest.ts';
import { deadlineForCoach } from '#server/emails/timeInWords.ts';
import { FORM_HANDLERS, type DataOf } from '#server/submissions/forms/index.ts';
import type { EmailMessage } from '#server/mail/mailer.ts';
import type { Recipient, SpamRecord, Stored, SubmissionRecord } from '#server/submissions/records.ts';
import { COACH_EMAIL, FROM_EMAIL, SITE_URL, TEST_CATALOG } from '../support/pipeline';

const JORDAN = { name: 'Jordan Rivera', email: 'jordan@example.org' };
const ID = '6d1f9a8e-2c4b-4e57-9b1a-0f3c5d7e9a21';
/** 02:28 UTC on the 27th is 8:28 PM on the 26th for the coach in Chicago. */
const RECEIVED = '2026-11-27T02:28:25.710Z';
const BOOKING = 'https://cal.example.com/unstuck/intro';

/** Stored answers, JSON as the store keeps them: optional answers not given are absent. */
const BASE: { [K in SubmissionKind]: Partial<Stored<DataOf<K>>> } = {
  intake: {
    timeZone: 'Europe/London',
    currentSituation: 'Eight years in operations.',
    whyNow: 'A reorganisation.',
    goals: 'Work that uses my planning skills.',
    success3Months: 'A shortlist.',
    success12Months: 'Working in one of them.',
    strengths: 'Untangling projects.',
    values: 'Fairness.',
    obstacles: 'I tell myself it is too late.',
    jobSearch: false,
    linkedinUrl: 'https://www.linkedin.com/in/jordan-rivera',
    portfolioUrl: 'https://jordan.example.net/work?a=1&b=2',
    accountability: 'email',
    consent: true,
  },
  commitment: {
    what: 'Send two informational-interview requests',
    when: '2026-12-01T18:00',
    timeZone: 'Europe/London',
    howWillIKnow: 'I will forward you the sent emails.',
    exercise: 'values-card-sort',
  },
  response: { exercise: 'values-card-sort', 'answers.top-values': 'Honesty, learning, autonomy, kindness, play' },
  reflection: { inquiry: 'failing-slowly', reflection: 'I keep polishing a side project.' },
  'check-in': { commitment: '5f0d7a3e-8c1b-4d2a-9e6f-1a2b3c4d5e6f', what: 'Send two informational-interview requests', answer: 'done', note: 'Both sent on Monday.' },
  stuck: { what: 'I cannot bring myself to send the requests.', reply: 'call', phone: '+1 312 555 0100', howSoon: 'today' },
};

function recordOf<K extends SubmissionKind>(kind: K, changes: Partial<Stored<DataOf<K>>> = {}, flags: string[] = []): SubmissionRecord<Stored<DataOf<K>>> {
  const data = { ...JORDAN, ...BASE[kind], ...changes } as Stored<DataOf<K>>;
  return { id: ID, kind, createdAt: RECEIVED, data, notifications: { coach: { status: 'pending', attempts: 0 }, client: { status: 'pending', attempts: 0 } }, flags };
}

const context: EmailContext = {
  catalog: TEST_CATALOG,
  coachEmail: COACH_EMAIL,
  fromEmail: FROM_EMAIL,
  siteUrl: SITE_URL,
  readUpload: async () => new Uint8Array(),
  sendWithoutUnreadable: false,
};

async function email<K extends SubmissionKind>(recipient: Recipient, kind: K, record: SubmissionRecord<Stored<DataOf<K>>> = recordOf(kind)): Promise<EmailMessage> {
  const built = await buildEmail(recipient, FORM_HANDLERS[kind], record, context);
  if (!built.ok) throw new Error(`the ${recipient} email of a ${kind} did not render: ${built.error.name}`);
  return built.value.message;
}

/** The answers table of a coach's email as plain text: "label\nvalue" pairs. */
const row = (label: string, value: string) => `${label}\n${value}\n\n`;

describe('the coach’s email', () => {
  it.each([
    ['intake', 'Intake questionnaire from Jordan Rivera'],
    ['commitment', 'Homework from Jordan Rivera: due Tue, Dec 1'],
    ['response', 'Exercise answers from Jordan Rivera: Values card sort'],
    ['reflection', 'Reflection from Jordan Rivera: Where are you failing slowly rather than quickly?'],
    ['stuck', 'Jordan is stuck: would like a call today'],
  ] as const)('of a %s says who and what once in its subject and heading', async (kind, subject) => {
    const coach = await email('coach', kind);

    expect(coach.subject).toBe(subject);
    expect(coach.text.startsWith(`${subject}\n\n`)).toBe(true);
  });

  it('keeps the review flags in front of the subject', async () => {
    const coach = await email('coach', 'intake', recordOf('intake', {}, ['fast-send']));

    expect(coach.subject).toBe('[Check: sent quickly] Intake questionnaire from Jordan Rivera');
  });

  it('labels the answers for the coach, not as the client was asked', async () => {
    const intake = await email('coach', 'intake', recordOf('intake', { preferredName: 'Jo' }));
    const homework = await email('coach', 'commitment');

    expect(intake.text).toContain(row('Name', 'Jordan Rivera') + row('Email', 'jordan@example.org') + row('Goes by', 'Jo') + row('Their time zone', 'Europe/London'));
    expect(intake.text).toContain(row('Where they are now', 'Eight years in operations.'));
    expect(intake.text).toContain(row('Agreed to the privacy policy', 'Yes'));
    expect(homework.text).toContain(row('What they will do', 'Send two informational-interview requests'));
    expect(homework.text).toContain(row('How you will know', 'I will forward you the sent emails.'));
    for (const { text } of [intake, homework]) expect(text).not.toMatch(/Your name|Your email|What will you do\?|How will I know\?/);
  });

  it.each([
    ['intake', INTAKE_FIELDS],
    ['homework', COMMITMENT_FIELDS],
    ['exercise response', RESPONSE_FIELDS],
    ['reflection', REFLECTION_FIELDS],
    ['check-in', CHECK_IN_FIELDS],
    ['I’m stuck', STUCK_FIELDS],
  ] as [string, FieldMap][])('never labels an answer of the %s form in the client’s voice', (_form, fields) => {
    const voiced = Object.values(fields)
      .filter((def) => def.kind !== 'hidden')
      .map(coachLabelOf)
      .filter((label) => /\b(your|my|I|me)\b/i.test(label));

    expect(voiced).toEqual([]);
  });

  it('says when it arrived in words, in the coach’s time zone', async () => {
    const coach = await email('coach', 'reflection');

    expect(coach.text).toContain(`Submission ${ID}, received Thursday, November 26, 2026 at 8:28 PM (America/Chicago).`);
    expect(coach.text).not.toContain(RECEIVED);
  });

  it('makes the web addresses the client gave links, escaped, and leaves them plain in the text', async () => {
    const coach = await email('coach', 'intake');

    expect(coach.html).toContain('<a href="https://www.linkedin.com/in/jordan-rivera">https://www.linkedin.com/in/jordan-rivera</a>');
    expect(coach.html).toContain('<a href="https://jordan.example.net/work?a=1&amp;b=2">https://jordan.example.net/work?a=1&amp;b=2</a>');
    expect(coach.text).toContain(row('LinkedIn profile', 'https://www.linkedin.com/in/jordan-rivera'));
  });

  it('never makes a link of an address that is not http or https', async () => {
    const coach = await email('coach', 'intake', recordOf('intake', { linkedinUrl: 'javascript:alert(1)', portfolioUrl: 'data:text/html,<b>x</b>' }));

    expect(coach.html).not.toMatch(/href="(javascript|data):/);
    expect(coach.html).toContain('<p style="margin:0 0 12px">javascript:alert(1)</p>');
    expect(coach.html).toContain('data:text/html,&lt;b&gt;x&lt;/b&gt;');
  });

  it('gives a homework deadline in words in both zones, and attaches the client’s calendar event', async () => {
    const coach = await email('coach', 'commitment');
    const client = await email('client', 'commitment');

    expect(coach.text).toContain(row('When they will have it done', 'Tuesday, December 1, 2026 at 6:00 PM their time (Europe/London), which is 12:00 PM your time (America/Chicago)'));
    expect(coach.text).not.toContain('2026-12-01T18:00');
    expect(coach.text).toContain('It is homework for the exercise “Values card sort”. The calendar event they were sent is attached, so the deadline can go in your calendar too.');
    expect(coach.attachments?.map((a) => a.filename)).toEqual(['homework.ics']);
    expect(coach.attachments![0]!.content).toEqual(client.attachments![0]!.content);
  });

  it('dates the homework in its subject by the coach’s day, with the year only when it is another year', async () => {
    const tokyo = await email('coach', 'commitment', recordOf('commitment', { when: '2026-12-01T09:00', timeZone: 'Asia/Tokyo' }));
    const nextYear = await email('coach', 'commitment', recordOf('commitment', { when: '2027-01-05T18:00' }));

    expect(tokyo.subject).toBe('Homework from Jordan Rivera: due Mon, Nov 30');
    expect(nextYear.subject).toBe('Homework from Jordan Rivera: due Tue, Jan 5, 2027');
  });
});

describe('a homework deadline in the coach’s words', () => {
  it.each([
    // London leaves summer time on 25 October, Chicago on 1 November: a week when they are 5 hours apart, not 6.
    ['before both changes', new Date('2026-10-20T17:00:00Z'), 'Tuesday, October 20, 2026 at 6:00 PM their time (Europe/London), which is 12:00 PM your time (America/Chicago)'],
    ['between them', new Date('2026-10-28T18:00:00Z'), 'Wednesday, October 28, 2026 at 6:00 PM their time (Europe/London), which is 1:00 PM your time (America/Chicago)'],
    ['after both', new Date('2026-11-03T18:00:00Z'), 'Tuesday, November 3, 2026 at 6:00 PM their time (Europe/London), which is 12:00 PM your time (America/Chicago)'],
  ] as const)('follows both clocks around London’s and Chicago’s changes: %s', (_when, deadline, words) => {
    expect(deadlineForCoach(deadline, 'Europe/London', 'America/Chicago')).toBe(words);
  });

  it.each([
    // Sydney starts summer time on 4 October 2026, in the coach's autumn.
    ['before', new Date('2026-09-30T23:00:00Z'), 'Thursday, October 1, 2026 at 9:00 AM their time (Australia/Sydney), which is Wednesday, September 30 at 6:00 PM your time (America/Chicago)'],
    ['after', new Date('2026-10-07T22:00:00Z'), 'Thursday, October 8, 2026 at 9:00 AM their time (Australia/Sydney), which is Wednesday, October 7 at 5:00 PM your time (America/Chicago)'],
  ] as const)('names the coach’s own day when it is another, %s Sydney’s change', (_when, deadline, words) => {
    expect(deadlineForCoach(deadline, 'Australia/Sydney', 'America/Chicago')).toBe(words);
  });

  it('says it once when the client shares the coach’s zone', () => {
    expect(deadlineForCoach(new Date('2026-12-01T15:00:00Z'), 'America/Chicago', 'America/Chicago')).toBe(
      'Tuesday, December 1, 2026 at 9:00 AM, your time and theirs (America/Chicago)',
    );
  });
});

describe('the client’s email', () => {
  it.each([
    ['intake', 'Your intake questionnaire arrived', 'Thank you for taking the time to answer all of that. It helps more than you might think.'],
    ['commitment', 'Your homework: due Tuesday, December 1, 2026 at 6:00 PM (Europe/London)', 'Here is what you committed to, in your own words.'],
    ['response', 'Your answers to “Values card sort”', 'Thank you. Your answers to “Values card sort” arrived safely, and I will read them before our next session.'],
    ['reflection', 'Your reflection arrived', 'Thank you for sitting with the question and writing it down.'],
    ['stuck', 'I got your message', 'Thank you for telling me. Getting stuck is part of the work, not a sign that it is not working.'],
  ] as const)('of a %s greets them by the first word of their name', async (kind, subject, opening) => {
    const client = await email('client', kind);

    expect(client.subject).toBe(subject);
    expect(client.text.startsWith(`Hi Jordan,\n\n${opening}\n\n`)).toBe(true);
    expect(client.html).toContain('<p style="margin:0 0 12px">Hi Jordan,</p>');
    expect(client.text).toMatch(/\n\nWarmly,\nMaya Ellison\n\nReference: /);
  });

  it('greets them by the name they asked to be called, when they gave one', async () => {
    const client = await email('client', 'intake', recordOf('intake', { name: 'María José García', preferredName: 'Majo' }));

    expect(client.text.startsWith('Hi Majo,\n\n')).toBe(true);
  });

  it.each(['intake', 'commitment', 'response', 'reflection'] as const)('of a %s links to the booking page', async (kind) => {
    const client = await email('client', kind);

    expect(client.html).toContain(`<a href="${BOOKING}">my booking page</a>.</p>`);
    expect(client.text).toContain(`my booking page (${BOOKING}).`);
  });

  it('tells a first-time client where to book their first session', async () => {
    const client = await email('client', 'intake');

    expect(client.text).toContain(`If you have not booked your first session yet, you can do that any time on my booking page (${BOOKING}).`);
  });
});

describe('posts held as spam, in the coach’s morning summary', () => {
  const held = (id: string, fields: Record<string, unknown>): SpamRecord => ({ id, kind: 'spam', form: 'intake', reason: 'honeypot', createdAt: RECEIVED, fields, files: [] });
  const summary = (posts: SpamRecord[]) =>
    morningSummaryEmail([{ heading: 'Held as spam', tally: `${posts.length} held as spam`, intro: HELD_SPAM_INTRO, items: posts.map(describeHeld) }], { from: FROM_EMAIL, to: COACH_EMAIL, siteUrl: SITE_URL, dayInWords: 'Fri, Nov 27' });

  it('says what was held, from whom, when in the coach’s words, why, and how to release it', () => {
    const note = summary([held('s-1', { name: 'Grace Hopper', email: 'grace@example.org', goals: 'Buy cheap watches' })]);

    expect(note.subject).toBe('Your morning summary, Fri, Nov 27: 1 held as spam');
    expect(note.text).toContain(
      [
        '- Intake questionnaire from Grace Hopper, grace@example.org',
        '  Received Thursday, November 26, 2026 at 8:28 PM (America/Chicago); held because a hidden field that people never see was filled in.',
        '  “Buy cheap watches”',
        '  Not spam? npm run spam -- release s-1',
      ].join('\n'),
    );
  });

  it('counts more than one', () => {
    const note = summary([held('s-1', {}), held('s-2', {})]);

    expect(note.subject).toBe('Your morning summary, Fri, Nov 27: 2 held as spam');
    expect(note.text).toContain('Intake questionnaire from no name or email given');
  });
});

describe('an “I’m stuck” request', () => {
  it('tells the coach at once what they asked for and how soon, with replies going to the client', async () => {
    const coach = await email('coach', 'stuck');

    expect(coach.replyTo).toBe('jordan@example.org');
    expect(coach.text).toContain('Jordan would like a call today. Their number: +1 312 555 0100.');
    expect(coach.text).toContain(`mark it handled on your desk, where it shows until you do: ${SITE_URL}/coach/stuck/`);
    expect(coach.text).toContain(row('What is going on', 'I cannot bring myself to send the requests.') + row('Would like', 'A quick call'));
  });

  it.each([
    ['email', 'no-rush', undefined, 'Jordan is stuck: would like an email, no rush'],
    ['call', 'this-week', undefined, 'Jordan is stuck: would like a call this week'],
  ] as const)('says a %s %s in the subject', async (reply, howSoon, phone, subject) => {
    const coach = await email('coach', 'stuck', recordOf('stuck', { reply, howSoon, phone }));

    expect(coach.subject).toBe(subject);
  });

  it('says when a client asking for a call gave no number', async () => {
    const coach = await email('coach', 'stuck', recordOf('stuck', { phone: undefined }));

    expect(coach.text).toContain('Jordan would like a call today. They gave no phone number; it may be on their intake.');
  });

  it('answers the client with what they asked for, kindly and without promising the impossible', async () => {
    const client = await email('client', 'stuck', recordOf('stuck', { reply: 'email', howSoon: 'this-week' }));

    expect(client.text).toContain('You asked for an email this week. I will write back in the next few days.');
    expect(client.text).toContain('Coaching is not an emergency service');
  });
});
