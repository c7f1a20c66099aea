/** The four kinds of submission, their endpoints, and where a person lands after sending one. */
export const SUBMISSION_KINDS = {
  intake: { endpoint: '/api/intake', thanks: '/thanks/intake/', noun: 'intake questionnaire' },
  commitment: { endpoint: '/api/commitments', thanks: '/thanks/homework/', noun: 'homework commitment' },
  response: { endpoint: '/api/responses', thanks: '/thanks/exercise/', noun: 'exercise response' },
  reflection: { endpoint: '/api/reflections', thanks: '/thanks/reflection/', noun: 'reflection' },
  stuck: { endpoint: '/api/stuck', thanks: '/thanks/stuck/', noun: '“I’m stuck” request' },
} as const;

export type SubmissionKind = keyof typeof SUBMISSION_KINDS;
