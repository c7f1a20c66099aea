import { describe, expect, it } from 'vitest';
import type { FormSchema } from '#src/forms/fields.ts';
import { INTAKE_FIELDS, INTAKE_SECTIONS, IntakeSchema } from '#src/forms/intake.ts';
import { commitmentSchema } from '#src/forms/commitment.ts';
import type { Prompt } from '#src/forms/prompt.ts';
import { responseSchema } from '#src/forms/response.ts';
import { ReflectionSchema } from '#src/forms/reflection.ts';

const VALID_INTAKE = {
  name: 'Rosa Díaz',
  email: 'rosa@example.com',
  timeZone: 'America/Chicago',
  currentSituation: 'Mid-level analyst, restless.',
  whyNow: 'A reorg.',
  goals: 'Move into product.',
  success3Months: 'Three conversations with PMs.',
  success12Months: 'A PM role.',
  strengths: 'Curious, organised.',
  values: 'Autonomy.',
  obstacles: 'I could never pitch myself.',
  accountability: 'email',
  consent: 'on',
};

const errorsOf = (schema: FormSchema<unknown>, input: unknown) => {
  const result = schema.validate(input);
  return result.ok ? {} : result.errors;
};

const file = (name: string, size: number) => ({ name, size, type: 'application/pdf' });

describe('the intake questionnaire schema', () => {
  it('accepts a complete questionnaire and normalises what a form post carries', () => {
    const result = IntakeSchema.validate({ ...VALID_INTAKE, name: '  Rosa Díaz  ', phone: '', jobSearch: undefined });
    expect(result.ok).toBe(true);
    expect(result.ok && result.data).toMatchObject({ name: 'Rosa Díaz', phone: undefined, jobSearch: false, consent: true });
  });

  it('names every missing required answer', () => {
    const errors = errorsOf(IntakeSchema, { consent: 'on', accountability: 'email' });
    expect(Object.keys(errors).sort()).toEqual(
      ['currentSituation', 'email', 'goals', 'name', 'obstacles', 'strengths', 'success12Months', 'success3Months', 'timeZone', 'values', 'whyNow'].sort(),
    );
    expect(errors.name).toEqual(['Please fill this in.']);
  });

  it('needs consent to the privacy policy, in words a person understands', () => {
    const { consent: _consent, ...withoutConsent } = VALID_INTAKE;
    expect(errorsOf(IntakeSchema, withoutConsent).consent).toEqual(['Please agree to the privacy policy so I can keep your answers.']);
  });

  it('asks for a phone number when the client wants text check-ins', () => {
    expect(errorsOf(IntakeSchema, { ...VALID_INTAKE, accountability: 'text' }).phone).toEqual(['Please give a phone number for text check-ins.']);
    expect(errorsOf(IntakeSchema, { ...VALID_INTAKE, accountability: 'text', phone: '+1 (312) 555-0100' })).toEqual({});
  });

  it('asks for target roles when the goals include a job search', () => {
    expect(errorsOf(IntakeSchema, { ...VALID_INTAKE, jobSearch: 'on' }).targetRoles).toHaveLength(1);
  });

  it('rejects a bad email, a bad web address, an unknown time zone and an unknown option', () => {
    const errors = errorsOf(IntakeSchema, { ...VALID_INTAKE, email: 'rosa@', linkedinUrl: 'linkedin', timeZone: 'Mars/Olympus', searchStage: 'hiding' });
    expect(Object.keys(errors).sort()).toEqual(['email', 'linkedinUrl', 'searchStage', 'timeZone']);
  });

  it('asks, if they like, what to call the client, in a few words', () => {
    const result = IntakeSchema.validate({ ...VALID_INTAKE, preferredName: '  Ro  ' });

    expect(result.ok && result.data.preferredName).toBe('Ro');
    expect(IntakeSchema.validate({ ...VALID_INTAKE, preferredName: '' }).ok).toBe(true);
    expect(errorsOf(IntakeSchema, { ...VALID_INTAKE, preferredName: 'x'.repeat(61) }).preferredName).toEqual(['Please keep this under 60 characters.']);
  });

  it('shows every question in one section of the page', () => {
    const shown = INTAKE_SECTIONS.flatMap((section) => section.fields as readonly string[]);

    expect([...shown].sort()).toEqual(Object.keys(INTAKE_FIELDS).sort());
  });

  it('limits the length of every text answer', () => {
    expect(errorsOf(IntakeSchema, { ...VALID_INTAKE, goals: 'x'.repeat(5001) }).goals).toEqual(['Please keep this under 5,000 characters.']);
  });

  it('accepts document uploads up to 4 MB each and 5 MB together', () => {
    expect(errorsOf(IntakeSchema, { ...VALID_INTAKE, resume: file('cv.pdf', 4 * 1024 * 1024) })).toEqual({});
    expect(errorsOf(IntakeSchema, { ...VALID_INTAKE, resume: file('cv.pdf', 4 * 1024 * 1024 + 1) }).resume).toHaveLength(1);
    expect(errorsOf(IntakeSchema, { ...VALID_INTAKE, resume: file('cv.exe', 10) }).resume![0]).toMatch(/not a file type I can accept/);
    const both = errorsOf(IntakeSchema, { ...VALID_INTAKE, resume: file('cv.pdf', 3 * 1024 * 1024), coverLetter: file('letter.docx', 3 * 1024 * 1024) });
    expect(both.coverLetter![0]).toMatch(/Together the files are 6\.0 MB; the limit is 5 MB/);
  });
});

describe('the homework commitment schema', () => {
  const now = () => new Date('2026-11-25T12:00:00Z');
  const commitment = { name: 'Sam', email: 'sam@example.com', what: 'Send two applications', when: '2026-12-01T09:00', timeZone: 'America/Chicago', howWillIKnow: 'I will email you the links' };

  it('accepts a deadline in the future', () => {
    expect(errorsOf(commitmentSchema(now), commitment)).toEqual({});
  });

  it('rejects a deadline that has passed in the client\'s time zone', () => {
    // 05:00 in Chicago on the 25th is 11:00 UTC, an hour before "now".
    expect(errorsOf(commitmentSchema(now), { ...commitment, when: '2026-11-25T05:00' }).when).toEqual(['Please pick a time in the future.']);
    expect(errorsOf(commitmentSchema(now), { ...commitment, when: '2026-11-25T07:00' })).toEqual({});
  });

  it('rejects a time skipped by a daylight-saving change', () => {
    const spring = () => new Date('2026-01-01T00:00:00Z');
    expect(errorsOf(commitmentSchema(spring), { ...commitment, when: '2026-03-08T02:30' }).when![0]).toMatch(/does not exist in your time zone/);
  });

  it('rejects a commitment tied to both an exercise and an inquiry', () => {
    expect(errorsOf(commitmentSchema(now), { ...commitment, exercise: 'energy-audit', inquiry: 'failing-slowly' }).inquiry).toHaveLength(1);
  });
});

describe('the exercise response schema', () => {
  const prompts: Prompt[] = [
    { id: 'top-values', question: 'Which five?', answer: 'short', required: true },
    { id: 'surprise', question: 'What surprised you?', answer: 'long', required: false },
  ];
  const base = { name: 'Lee', email: 'lee@example.com', exercise: 'values-card-sort' };

  it('accepts answers to required prompts and lets optional ones stay blank', () => {
    expect(errorsOf(responseSchema(prompts), { ...base, 'answers.top-values': 'Care, craft', 'answers.surprise': '' })).toEqual({});
  });

  it('enforces required prompts', () => {
    expect(errorsOf(responseSchema(prompts), base)['answers.top-values']).toHaveLength(1);
  });

  it('rejects answers to prompts the exercise does not have', () => {
    expect(errorsOf(responseSchema(prompts), { ...base, 'answers.top-values': 'x', 'answers.nope': 'y' })).toEqual({
      'answers.nope': ['This exercise has no question with that id.'],
    });
  });

  it('keeps short answers short', () => {
    expect(errorsOf(responseSchema(prompts), { ...base, 'answers.top-values': 'x'.repeat(501) })['answers.top-values']).toHaveLength(1);
  });
});

describe('the reflection schema', () => {
  it('needs the reflection itself and says so kindly', () => {
    expect(errorsOf(ReflectionSchema, { name: 'A', email: 'a@example.com', inquiry: 'failing-slowly', reflection: '   ' }).reflection).toEqual([
      'Please write a few words about what came up.',
    ]);
  });
});
