/**
 * The environment the functions need, checked once, at first use, with messages that say
 * what is missing. Documented in README.md and .env.example.
 */
import * as z from 'zod/mini';

const EnvSchema = z.object({
  COACH_EMAIL: z.email('COACH_EMAIL must be the coach\'s email address, where every submission is sent'),
  FROM_EMAIL: z.string('FROM_EMAIL is missing: the sender, e.g. "Unstuck <hello@your-domain>", on a domain verified with Resend').check(z.minLength(3)),
  RESEND_API_KEY: z.optional(z.string().check(z.minLength(1))),
  SITE_URL: z.url('SITE_URL must be the public address of the site, e.g. https://unstuck.example.com'),
  SIGNING_SECRET: z
    .string('SIGNING_SECRET is missing: a random string of at least 32 characters for signed links')
    .check(z.minLength(32, 'SIGNING_SECRET must be at least 32 characters long')),
  /** How long to wait for the email API before leaving a notification to the retry job. */
  MAIL_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.positive()), 4000),
  /** Posts sent sooner than this after the page opened are treated as spam (0 turns the check off). */
  SPAM_MIN_FILL_SECONDS: z._default(z.coerce.number().check(z.nonnegative()), 3),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Validates an environment; throws an EnvError listing every problem (a deploy mistake, not a user's). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const input = { ...source, SITE_URL: source.SITE_URL ?? source.URL };
  const result = EnvSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `- ${issue.message}`).join('\n');
  throw new EnvError(`The functions' environment is not set up:\n${problems}\nSee README.md, "Environment variables".`);
}

let cached: Env | undefined;

/** The process environment, validated on first use and remembered. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
