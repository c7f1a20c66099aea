/** The kinds of submission, their endpoints, and where a person lands after sending one. */
export const SUBMISSION_KINDS = {
  intake: { endpoint: '/api/intake', thanks: '/thanks/intake/', noun: 'intake questionnaire' },
  commitment: { endpoint: '/api/commitments', thanks: '/thanks/homework/', noun: 'homework commitment' },
  response: { endpoint: '/api/responses', thanks: '/thanks/exercise/', noun: 'exercise response' },
  reflection: { endpoint: '/api/reflections', thanks: '/thanks/reflection/', noun: 'reflection' },
  /**
   * Answered from the signed links of a check-in email (netlify/functions/check-in.mts), never
   * from a form page: the function answers with a page of its own, so there is no thank-you page.
   */
  'check-in': { endpoint: '/api/check-in', thanks: null, noun: 'check-in' },
  stuck: { endpoint: '/api/stuck', thanks: '/thanks/stuck/', noun: '“I’m stuck” request' },
} as const;

export type SubmissionKind = keyof typeof SUBMISSION_KINDS;

/** The kinds a client sends from a form page of the site, each with its thank-you page. */
export type FormKind = { [K in SubmissionKind]: (typeof SUBMISSION_KINDS)[K]['thanks'] extends string ? K : never }[SubmissionKind];

export const FORM_KINDS = (Object.keys(SUBMISSION_KINDS) as SubmissionKind[]).filter((kind): kind is FormKind => SUBMISSION_KINDS[kind].thanks !== null);
