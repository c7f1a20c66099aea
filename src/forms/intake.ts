/**
 * The pre-session questionnaire: the one definition that the /intake page renders and the
 * /api/intake function validates.
 */
import { formSchema, type FieldMap, type FormRules, type FormSection, type FormValues, type InferForm } from './fields.ts';
import { IDENTITY_FIELDS, TIME_ZONE_FIELD } from './identity.ts';
import { formatBytes, MAX_TOTAL_UPLOAD_BYTES, UPLOAD_HELP, uploadProblem } from './uploads.ts';

const LONG = 5000;

export const INTAKE_FIELDS = {
  ...IDENTITY_FIELDS,
  preferredName: {
    kind: 'text', max: 60, autocomplete: 'nickname',
    label: 'What should I call you?',
    coachLabel: 'Goes by',
    help: 'Optional: the name you like to be called, if it is not the first word of your name.',
  },
  phone: { kind: 'tel', label: 'Phone', help: 'Only needed if you would like reminders by text.', max: 25, autocomplete: 'tel' },
  pronouns: { kind: 'text', label: 'Pronouns', help: 'Optional, e.g. she/her, he/him, they/them.', max: 40 },
  timeZone: TIME_ZONE_FIELD,

  currentSituation: {
    kind: 'textarea', required: true, max: LONG, rows: 6,
    label: 'Where are you now?',
    coachLabel: 'Where they are now',
    help: 'Your work, your days, what is going well and what is not. A few honest paragraphs are plenty.',
  },
  whyNow: {
    kind: 'textarea', required: true, max: LONG, rows: 4,
    label: 'What is prompting you to look for coaching now?',
    coachLabel: 'Why coaching now',
  },

  goals: {
    kind: 'textarea', required: true, max: LONG, rows: 5,
    label: 'What would you like to change or achieve?',
    coachLabel: 'What they want to change or achieve',
    help: 'Big or small, vague or specific. We will sharpen them together.',
  },
  success3Months: {
    kind: 'textarea', required: true, max: LONG, rows: 3,
    label: 'In 3 months, what would tell you this was worth it?',
    coachLabel: 'Worth it in 3 months if',
  },
  success12Months: {
    kind: 'textarea', required: true, max: LONG, rows: 3,
    label: 'And in 12 months, what would success look like?',
    coachLabel: 'Success in 12 months',
  },

  strengths: {
    kind: 'textarea', required: true, max: LONG, rows: 4,
    label: 'What are you good at? What do people come to you for?',
    coachLabel: 'What they are good at',
  },
  values: {
    kind: 'textarea', required: true, max: LONG, rows: 4,
    label: 'What matters most to you, in work and outside it?',
    coachLabel: 'What matters most to them',
  },

  obstacles: {
    kind: 'textarea', required: true, max: LONG, rows: 5,
    label: 'What gets in the way?',
    coachLabel: 'What gets in the way',
    help: 'Time, money, people, habits, and the beliefs too: any "I could never…" or "that would never work for me".',
  },

  jobSearch: { kind: 'checkbox', label: 'My goals include a job search or a change of career', coachLabel: 'Job search or career change' },
  targetRoles: {
    kind: 'textarea', max: 1000, rows: 2,
    label: 'Roles you are aiming for',
    coachLabel: 'Roles they are aiming for',
    help: 'Titles, levels, or a description if you are not sure of the title.',
  },
  industries: { kind: 'text', max: 300, label: 'Industries or kinds of organisation' },
  searchStage: {
    kind: 'select',
    label: 'Where is the search at?',
    coachLabel: 'Where the search is at',
    options: [
      { value: 'thinking', label: 'Thinking about it' },
      { value: 'exploring', label: 'Exploring options' },
      { value: 'applying', label: 'Applying' },
      { value: 'interviewing', label: 'Interviewing' },
      { value: 'deciding', label: 'Deciding between offers' },
    ],
  },

  resume: { kind: 'file', label: 'Resume', help: UPLOAD_HELP },
  coverLetter: { kind: 'file', label: 'A recent cover letter', help: UPLOAD_HELP },
  linkedinUrl: { kind: 'url', label: 'LinkedIn profile', max: 300, help: 'The full address, e.g. https://www.linkedin.com/in/your-name' },
  portfolioUrl: { kind: 'url', label: 'Portfolio or personal site', max: 300 },

  accountability: {
    kind: 'radio', required: true,
    label: 'How would you like me to check in on your homework?',
    coachLabel: 'Homework check-ins',
    help: 'By email, reminders and check-ins come automatically, with buttons to say how it went. By text, I send them myself from my phone (no automated texts), so they may come at a slightly different time.',
    options: [
      { value: 'email', label: 'By email' },
      { value: 'text', label: 'By text message' },
    ],
  },

  consent: {
    kind: 'checkbox', required: true,
    requiredMessage: 'Please agree to the privacy policy so I can keep your answers.',
    label: 'I have read the privacy policy and agree that my answers and files are kept to prepare for and support our coaching.',
    coachLabel: 'Agreed to the privacy policy',
  },
} as const satisfies FieldMap;

export const INTAKE_SECTIONS = [
  { id: 'about', title: 'About you', fields: ['name', 'preferredName', 'email', 'phone', 'pronouns', 'timeZone'] },
  { id: 'now', title: 'Where you are now', fields: ['currentSituation', 'whyNow'] },
  {
    id: 'goals', title: 'Goals',
    intro: 'Do not worry about getting these "right". They are a starting point, not a contract.',
    fields: ['goals', 'success3Months', 'success12Months'],
  },
  { id: 'strengths', title: 'Strengths and values', fields: ['strengths', 'values'] },
  { id: 'obstacles', title: 'What gets in the way', fields: ['obstacles'] },
  {
    id: 'job-search', title: 'Job search',
    intro: 'Skip this section if a job search is not part of what you want to work on.',
    fields: ['jobSearch', 'targetRoles', 'industries', 'searchStage'],
  },
  {
    id: 'materials', title: 'Resume, cover letter and profiles',
    intro: 'I read these before we meet, so our first session can start from where you really are. All optional.',
    fields: ['resume', 'coverLetter', 'linkedinUrl', 'portfolioUrl'],
  },
  { id: 'accountability', title: 'Staying accountable', fields: ['accountability'] },
  { id: 'consent', title: 'Privacy', fields: ['consent'] },
] as const satisfies readonly FormSection<typeof INTAKE_FIELDS>[];

/** The questionnaire's rules across fields (shared with the browser, which gets the fields as JSON). */
export const INTAKE_RULES: FormRules<FormValues<typeof INTAKE_FIELDS>> = {
  values(intake, report) {
    if (intake.accountability === 'text' && !intake.phone) report('phone', 'Please give a phone number for text check-ins.');
    if (intake.jobSearch && !intake.targetRoles) report('targetRoles', 'Please describe the roles you are aiming for, even roughly.');
    for (const name of ['resume', 'coverLetter'] as const) {
      const problem = uploadProblem(intake[name]);
      if (problem) report(name, problem);
    }
    const total = (intake.resume?.size ?? 0) + (intake.coverLetter?.size ?? 0);
    if (total > MAX_TOTAL_UPLOAD_BYTES && !uploadProblem(intake.resume) && !uploadProblem(intake.coverLetter)) {
      report('coverLetter', `Together the files are ${formatBytes(total)}; the limit is 5 MB. Try a smaller PDF.`);
    }
  },
};

export const IntakeSchema = /* @__PURE__ */ formSchema(INTAKE_FIELDS, INTAKE_RULES);

export type Intake = InferForm<typeof IntakeSchema>;
