import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../netlify/server/env';

const COMPLETE = {
  COACH_EMAIL: 'coach@example.com',
  FROM_EMAIL: 'Unstuck <hello@example.com>',
  SITE_URL: 'https://unstuck.example.com',
  SIGNING_SECRET: 'x'.repeat(32),
};

describe('the functions environment', () => {
  it('accepts a complete environment and fills in the mail timeout', () => {
    expect(parseEnv(COMPLETE)).toMatchObject({ ...COMPLETE, MAIL_TIMEOUT_MS: 4000 });
  });

  it('falls back to Netlify\'s URL for the site address', () => {
    const { SITE_URL: _unused, ...rest } = COMPLETE;
    expect(parseEnv({ ...rest, URL: 'https://deploy-preview-1--unstuck.netlify.app' }).SITE_URL).toBe('https://deploy-preview-1--unstuck.netlify.app');
  });

  it('names every missing or wrong variable in one message', () => {
    let thrown: unknown;
    try {
      parseEnv({ COACH_EMAIL: 'not-an-email', SIGNING_SECRET: 'short' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvError);
    const message = (thrown as Error).message;
    expect(message).toMatch(/COACH_EMAIL must be the coach's email address/);
    expect(message).toMatch(/FROM_EMAIL is missing/);
    expect(message).toMatch(/SITE_URL must be the public address/);
    expect(message).toMatch(/SIGNING_SECRET must be at least 32 characters/);
  });
});
