import { describe, expect, it } from 'vitest';
import { mailSettings, productionProblems, resendApiKey, signingSecret, tuning } from '#server/env.ts';

const COMPLETE = {
  COACH_EMAIL: 'coach@example.com',
  FROM_EMAIL: 'Unstuck <hello@example.com>',
  SITE_URL: 'https://unstuck.example.com',
  RESEND_API_KEY: 're_live_1234',
  SIGNING_SECRET: 'x'.repeat(32),
};

const variablesOf = (problems: { variable: string }[]) => problems.map((p) => p.variable).sort();

describe('the functions environment', () => {
  it('reads what the emails need from a complete environment', () => {
    expect(mailSettings(COMPLETE)).toEqual({ ok: true, value: { coachEmail: COMPLETE.COACH_EMAIL, fromEmail: COMPLETE.FROM_EMAIL, siteUrl: COMPLETE.SITE_URL } });
    expect(productionProblems(COMPLETE)).toEqual([]);
  });

  it('fills in the numbers that have defaults', () => {
    expect(tuning({})).toEqual({ value: { mailTimeoutMs: 4000, spamMinFillSeconds: 3, resendRequestsPerSecond: 2 }, problems: [] });
  });

  it('falls back to Netlify\'s URL for the site address', () => {
    const { SITE_URL: _unused, ...rest } = COMPLETE;
    const read = mailSettings({ ...rest, URL: 'https://deploy-preview-1--unstuck.netlify.app' });
    expect(read.ok && read.value.siteUrl).toBe('https://deploy-preview-1--unstuck.netlify.app');
  });

  it('treats an empty value as unset, as a copied .env.example has them', () => {
    const copied = { ...COMPLETE, RESEND_API_KEY: '', SIGNING_SECRET: '', MAIL_TIMEOUT_MS: '', SPAM_MIN_FILL_SECONDS: '  ' };

    expect(resendApiKey(copied)).toEqual({ ok: true, value: undefined });
    expect(tuning(copied).problems).toEqual([]);
    expect(mailSettings({ ...copied, COACH_EMAIL: '' })).toMatchObject({ ok: false, error: [{ variable: 'COACH_EMAIL', message: expect.stringMatching(/^COACH_EMAIL is not set/) }] });
  });

  it('names the variable in every problem, missing or wrong', () => {
    const problems = productionProblems({ COACH_EMAIL: 'not-an-email', FROM_EMAIL: 'hello', RESEND_API_KEY: 'sk_live', SIGNING_SECRET: 'short', MAIL_TIMEOUT_MS: 'soon' });

    expect(variablesOf(problems)).toEqual(['COACH_EMAIL', 'FROM_EMAIL', 'MAIL_TIMEOUT_MS', 'RESEND_API_KEY', 'SIGNING_SECRET', 'SITE_URL']);
    for (const problem of problems) expect(problem.message.startsWith(`${problem.variable} is not`)).toBe(true);
    expect(problems.find((p) => p.variable === 'SIGNING_SECRET')!.message).toMatch(/at least 32 characters/);
  });

  it('reports a wrong number and uses its default, since a typo in a timeout is no reason to refuse answers', () => {
    expect(tuning({ MAIL_TIMEOUT_MS: '-5', SPAM_MIN_FILL_SECONDS: '0' })).toEqual({
      value: { mailTimeoutMs: 4000, spamMinFillSeconds: 0, resendRequestsPerSecond: 2 },
      problems: [{ variable: 'MAIL_TIMEOUT_MS', message: expect.stringMatching(/^MAIL_TIMEOUT_MS is not valid/) }],
    });
  });

  it('wants the key and the signing secret only in production, where nothing has a default', () => {
    const { RESEND_API_KEY: _key, SIGNING_SECRET: _secret, ...local } = COMPLETE;

    expect(mailSettings(local).ok).toBe(true);
    expect(signingSecret(local)).toMatchObject({ ok: false, error: { variable: 'SIGNING_SECRET' } });
    expect(variablesOf(productionProblems(local))).toEqual(['RESEND_API_KEY', 'SIGNING_SECRET']);
  });
});
