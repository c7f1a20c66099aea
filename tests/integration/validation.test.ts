import { describe, expect, it } from 'vitest';
import { INTAKE_FIELDS } from '#src/forms/intake.ts';
import type { FormKind } from '#src/forms/kinds.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { ENCODINGS, formPost, handlersOf, VALID, type Changes, type Fields } from '../support/forms';
import { listKeys } from '../support/localStore';
import { useHarness } from '../support/pipeline';

// The harness clock reads 2026-11-25T12:00Z.
const h = useHarness();

interface InvalidCase {
  name: string;
  kind: FormKind;
  changes: Changes;
  /** The fields the answer must name, and no others. */
  fields: string[];
}

const CASES: InvalidCase[] = [
  { name: 'an intake missing required answers', kind: 'intake', changes: { currentSituation: undefined, goals: '   ' }, fields: ['currentSituation', 'goals'] },
  { name: 'an intake with a malformed email address', kind: 'intake', changes: { email: 'ada.example.org' }, fields: ['email'] },
  { name: 'an intake whose privacy consent is not ticked', kind: 'intake', changes: { consent: undefined }, fields: ['consent'] },
  { name: 'an intake asking for text check-ins without a phone number', kind: 'intake', changes: { accountability: 'text' }, fields: ['phone'] },
  { name: 'an intake with a job search but no target roles', kind: 'intake', changes: { jobSearch: 'on' }, fields: ['targetRoles'] },
  { name: 'an intake with an unknown accountability option', kind: 'intake', changes: { accountability: 'carrier-pigeon' }, fields: ['accountability'] },
  { name: 'a response answering a prompt the exercise does not have', kind: 'response', changes: { 'answers.nope': 'An answer' }, fields: ['answers.nope'] },
  { name: 'a response missing a required answer', kind: 'response', changes: { 'answers.top-values': undefined }, fields: ['answers.top-values'] },
  { name: 'a response to an exercise that does not exist', kind: 'response', changes: { exercise: 'no-such-exercise' }, fields: ['exercise'] },
  { name: 'a response to an inherited object property', kind: 'response', changes: { exercise: 'toString' }, fields: ['exercise'] },
  { name: 'a reflection on an inquiry that does not exist', kind: 'reflection', changes: { inquiry: 'no-such-inquiry' }, fields: ['inquiry'] },
  { name: 'a reflection on an inherited object property', kind: 'reflection', changes: { inquiry: 'constructor' }, fields: ['inquiry'] },
  { name: 'a reflection with nothing written', kind: 'reflection', changes: { reflection: '\r\n  ' }, fields: ['reflection'] },
  { name: 'a commitment with a deadline in the past', kind: 'commitment', changes: { when: '2026-11-25T05:59' }, fields: ['when'] },
  { name: 'a commitment at a time skipped by a clock change', kind: 'commitment', changes: { when: '2027-03-14T02:30', timeZone: 'America/Chicago' }, fields: ['when'] },
  { name: 'a commitment for an exercise that does not exist', kind: 'commitment', changes: { exercise: 'no-such-exercise' }, fields: ['exercise'] },
  { name: 'a commitment for both an exercise and an inquiry', kind: 'commitment', changes: { inquiry: 'failing-slowly' }, fields: ['inquiry'] },
  { name: 'an answer longer than the field allows', kind: 'reflection', changes: { name: 'A'.repeat(121) }, fields: ['name'] },
  { name: 'a reference that is not a UUID', kind: 'reflection', changes: { id: 'not-a-uuid' }, fields: ['id'] },
];

async function expectNothingKeptOrSent() {
  expect(await listKeys(h.blobs)).toEqual([]);
  expect(h.resend.requests).toEqual([]);
}

describe.each(ENCODINGS)('an invalid submission sent as %s', (encoding) => {
  it.each(CASES)('rejects $name, naming the fields, and keeps and sends nothing', async ({ kind, changes, fields }) => {
    const input = VALID[kind](changes);

    const response = await handleSubmission(formPost(kind, input, { encoding }), handlersOf(h.deps)[kind], h.deps);

    expect(response.status).toBe(422);
    const { errors } = (await response.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(errors).sort()).toEqual([...fields].sort());
    for (const field of fields) expect(errors[field]![0]).toEqual(expect.any(String));
    await expectNothingKeptOrSent();
  });
});

describe('what an invalid submission is told', () => {
  it('gives the consent box its own message from the form definition', async () => {
    const input = VALID.intake({ consent: undefined });

    const response = await handleSubmission(formPost('intake', input), handlersOf(h.deps).intake, h.deps);

    expect(await response.json()).toEqual({ errors: { consent: [INTAKE_FIELDS.consent.requiredMessage] } });
  });

  it('shows a plain HTML caller a page listing each problem by its label', async () => {
    const input = VALID.intake({ email: 'not an address', consent: undefined });

    const response = await handleSubmission(formPost('intake', input, { encoding: 'urlencoded', accept: 'text/html' }), handlersOf(h.deps).intake, h.deps);

    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('Please check 2 answers');
    expect(html).toContain(`<strong>${INTAKE_FIELDS.email.label}</strong>`);
    expect(html).toContain(`<strong>${INTAKE_FIELDS.consent.label}</strong>`);
    expect(html).toContain(INTAKE_FIELDS.consent.requiredMessage);
    await expectNothingKeptOrSent();
  });

  it('names an unknown answer by its field name on the page, escaped', async () => {
    const input: Fields = VALID.response({ 'answers.<b>x</b>': 'An answer' });

    const response = await handleSubmission(formPost('response', input, { encoding: 'urlencoded', accept: 'text/html' }), handlersOf(h.deps).response, h.deps);

    const html = await response.text();
    expect(html).toContain('<strong>answers.&lt;b&gt;x&lt;/b&gt;</strong>');
    expect(html).not.toContain('<b>x</b>');
  });
});

describe('a commitment with a made-up time zone', () => {
  const post = (encoding: (typeof ENCODINGS)[number] = 'json') =>
    handleSubmission(formPost('commitment', VALID.commitment({ timeZone: 'Mars/Olympus_Mons' }), { encoding }), handlersOf(h.deps).commitment, h.deps);

  it.each(ENCODINGS)('sent as %s is rejected on the time zone, and nothing is kept or sent', async (encoding) => {
    const response = await post(encoding);

    expect(response.status).toBe(422);
    const { errors } = (await response.json()) as { errors: Record<string, string[]> };
    expect(errors.timeZone).toEqual([expect.any(String)]);
    await expectNothingKeptOrSent();
  });

  it('does not blame the deadline when only the time zone is wrong', async () => {
    const response = await post();

    const { errors } = (await response.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(errors)).toEqual(['timeZone']);
  });
});

describe('a commitment for an exercise', () => {
  it.each(['constructor', 'toString', '__proto__'])('is rejected when the exercise is the inherited name %s', async (exercise) => {
    const input = VALID.commitment({ exercise });

    const response = await handleSubmission(formPost('commitment', input), handlersOf(h.deps).commitment, h.deps);

    expect(response.status).toBe(422);
    await expectNothingKeptOrSent();
  });
});
