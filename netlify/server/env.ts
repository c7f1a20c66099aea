/**
 * The settings the functions read from the environment, each checked on its own so that a
 * missing one stops only what needs it: storing a submission needs none of them, emailing needs
 * COACH_EMAIL, FROM_EMAIL, SITE_URL (or Netlify's URL) and RESEND_API_KEY. An empty value is an
 * unset one (a copied .env.example says `RESEND_API_KEY=`), and every problem names its
 * variable. A production build checks them all before anything deploys (integrations/productionEnv.ts).
 * Documented in docs/operations.md ("Environment variables") and .env.example.
 */
import * as z from 'zod/mini';
import { fail, ok, type Result } from './result.ts';

export type EnvSource = Record<string, string | undefined>;

export interface EnvProblem {
  variable: string;
  /** A sentence that starts with the variable's name and says what it should be. */
  message: string;
}

/** `Name <address>` or a bare address, as Resend accepts in `from`. */
const SENDER = /^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/;

/** Every variable the functions read: what it is, and the schema a set value must pass. */
const VARIABLES = {
  COACH_EMAIL: { what: "the coach's email address, where every submission is sent", schema: z.email() },
  FROM_EMAIL: {
    what: 'the sender, e.g. "Unstuck <hello@your-domain>", on a domain verified with Resend',
    schema: z.string().check(z.regex(SENDER)),
  },
  SITE_URL: { what: "the public address of the site, e.g. https://unstuck.example.com (Netlify's URL stands in while it is unset)", schema: z.url({ protocol: /^https?$/ }) },
  RESEND_API_KEY: { what: 'a Resend API key (it starts with re_), from https://resend.com/api-keys', schema: z.string().check(z.startsWith('re_')) },
  SIGNING_SECRET: { what: 'a random string of at least 32 characters, for signed links', schema: z.string().check(z.minLength(32)) },
  MAIL_TIMEOUT_MS: { what: 'how long to wait for the email API, in whole milliseconds', schema: z.coerce.number().check(z.int(), z.positive()) },
  SPAM_MIN_FILL_SECONDS: { what: 'the fewest seconds a person takes to fill in a form (0 turns the check off)', schema: z.coerce.number().check(z.nonnegative()) },
  RESEND_REQUESTS_PER_SECOND: { what: 'how many requests a second Resend allows the team (2 unless Resend raised it)', schema: z.coerce.number().check(z.positive()) },
  BUILD_HOOK_URL: {
    what: 'a Netlify build hook address (Site configuration → Build & deploy → Build hooks), which rebuilds the site when comments change',
    schema: z.url({ protocol: /^https?$/ }),
  },
} as const;

export type Variable = keyof typeof VARIABLES;
type ValueOf<V extends Variable> = z.infer<(typeof VARIABLES)[V]['schema']>;

/** Empty means unset: a copied .env.example holds `NAME=` for every value nobody has chosen yet. */
export function isSet(source: EnvSource, name: string): boolean {
  return (source[name]?.trim() ?? '') !== '';
}

/** One variable: its value, undefined when unset, or the problem with what is set. */
export function readVariable<V extends Variable>(source: EnvSource, name: V): Result<ValueOf<V> | undefined, EnvProblem> {
  if (!isSet(source, name)) return ok(undefined);
  const { schema, what } = VARIABLES[name];
  const parsed = schema.safeParse(source[name]!.trim());
  return parsed.success ? ok(parsed.data as ValueOf<V>) : fail({ variable: name, message: `${name} is not valid: it must be ${what}.` });
}

const missing = (name: Variable): EnvProblem => ({ variable: name, message: `${name} is not set: it must be ${VARIABLES[name].what}.` });

/** A variable that must be set. */
function required<V extends Variable>(source: EnvSource, name: V): Result<ValueOf<V>, EnvProblem> {
  const read = readVariable(source, name);
  if (!read.ok) return read;
  return read.value === undefined ? fail(missing(name)) : ok(read.value);
}

/** The public address: SITE_URL, or Netlify's own URL for the deploy when it is unset. */
export function siteUrl(source: EnvSource): Result<string, EnvProblem> {
  if (!isSet(source, 'SITE_URL') && isSet(source, 'URL')) return required({ SITE_URL: source.URL }, 'SITE_URL');
  return required(source, 'SITE_URL');
}

export interface MailSettings {
  coachEmail: string;
  fromEmail: string;
  siteUrl: string;
}

/** What every email needs besides the API key; all problems at once, each naming its variable. */
export function mailSettings(source: EnvSource): Result<MailSettings, EnvProblem[]> {
  const coach = required(source, 'COACH_EMAIL');
  const from = required(source, 'FROM_EMAIL');
  const site = siteUrl(source);
  if (coach.ok && from.ok && site.ok) return ok({ coachEmail: coach.value, fromEmail: from.value, siteUrl: site.value });
  return fail([coach, from, site].flatMap((read) => (read.ok ? [] : [read.error])));
}

/** The Resend API key, undefined when unset. */
export const resendApiKey = (source: EnvSource) => readVariable(source, 'RESEND_API_KEY');

export interface Tuning {
  mailTimeoutMs: number;
  spamMinFillSeconds: number;
  resendRequestsPerSecond: number;
}

const TUNING_DEFAULTS = { MAIL_TIMEOUT_MS: 4000, SPAM_MIN_FILL_SECONDS: 3, RESEND_REQUESTS_PER_SECOND: 2 } as const;

/**
 * Numbers with defaults. A wrong one is reported and its default used: a typo in a timeout is
 * no reason to refuse a client's answers (a production build refuses it before it deploys).
 */
export function tuning(source: EnvSource): { value: Tuning; problems: EnvProblem[] } {
  const problems: EnvProblem[] = [];
  const number = (name: keyof typeof TUNING_DEFAULTS): number => {
    const read = readVariable(source, name);
    if (!read.ok) problems.push(read.error);
    return (read.ok ? read.value : undefined) ?? TUNING_DEFAULTS[name];
  };
  return {
    value: {
      mailTimeoutMs: number('MAIL_TIMEOUT_MS'),
      spamMinFillSeconds: number('SPAM_MIN_FILL_SECONDS'),
      resendRequestsPerSecond: number('RESEND_REQUESTS_PER_SECOND'),
    },
    problems,
  };
}

/** The secret that signs links in emails. */
export const signingSecret = (source: EnvSource) => required(source, 'SIGNING_SECRET');

/**
 * The build hook that publishes changed comments; optional: without it (and locally) a change
 * shows on the next build, and the log says so (docs/decisions/012-comments.md).
 */
export const buildHookUrl = (source: EnvSource) => readVariable(source, 'BUILD_HOOK_URL');

/**
 * Everything a production deploy must have, set and valid, or the build stops naming each
 * problem: locally every value has a development default, on Netlify none does.
 */
export function productionProblems(source: EnvSource): EnvProblem[] {
  const mail = mailSettings(source);
  const key = required(source, 'RESEND_API_KEY');
  const secret = signingSecret(source);
  const hook = buildHookUrl(source);
  return [
    ...(mail.ok ? [] : mail.error),
    ...(key.ok ? [] : [key.error]),
    ...(secret.ok ? [] : [secret.error]),
    ...tuning(source).problems,
    ...(hook.ok ? [] : [hook.error]),
  ];
}
