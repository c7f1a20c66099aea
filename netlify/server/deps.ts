/**
 * The real dependencies of the functions, built from the environment once per process:
 * the Netlify Blobs store (strongly consistent, so a retry sees what was just written),
 * Resend when RESEND_API_KEY is set or else the local outbox, the system clock and the
 * privacy-safe logger.
 */
import { getStore } from '@netlify/blobs';
import { CATALOG } from './catalog.ts';
import { env } from './env.ts';
import type { SubmissionDeps } from './handleSubmission.ts';
import { createConsoleLogger } from './log.ts';
import { createOutboxMailer, createResendMailer } from './mailer.ts';
import { createSubmissionStore } from './submissionStore.ts';

export const SUBMISSIONS_STORE = 'submissions';
export const OUTBOX_STORE = 'outbox';

let cached: SubmissionDeps | undefined;

export function productionDeps(): SubmissionDeps {
  if (cached) return cached;
  const config = env();
  const clock = () => new Date();
  cached = {
    store: createSubmissionStore(getStore({ name: SUBMISSIONS_STORE, consistency: 'strong' })),
    mailer: config.RESEND_API_KEY
      ? createResendMailer(config.RESEND_API_KEY, config.MAIL_TIMEOUT_MS)
      : createOutboxMailer(getStore({ name: OUTBOX_STORE, consistency: 'strong' }), clock),
    clock,
    log: createConsoleLogger(),
    catalog: CATALOG,
    minFillMs: config.SPAM_MIN_FILL_SECONDS * 1000,
    email: { catalog: CATALOG, coachEmail: config.COACH_EMAIL, fromEmail: config.FROM_EMAIL, siteUrl: config.SITE_URL },
  };
  return cached;
}
