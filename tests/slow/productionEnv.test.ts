/**
 * A production build on Netlify without the settings the functions need fails, naming each
 * one; a deploy preview or a local build does not check. (Own file: the real build below reads
 * CONTEXT from process.env.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionEnvError } from '#integrations/productionEnv.ts';
import { createFixtureSite, ROOT, type FixtureSite } from '../support/fixtureSite';

const COMPLETE = {
  CONTEXT: 'production',
  COACH_EMAIL: 'coach@example.com',
  FROM_EMAIL: 'Unstuck <hello@example.com>',
  URL: 'https://unstuck.netlify.app',
  RESEND_API_KEY: 're_live_1234',
  SIGNING_SECRET: 'x'.repeat(32),
};

describe('the production settings check', () => {
  it('lets a production build with every setting go on', () => {
    expect(productionEnvError(COMPLETE)).toBeUndefined();
  });

  it('stops a production build and names each missing setting, empty ones included', () => {
    const error = productionEnvError({ CONTEXT: 'production', URL: COMPLETE.URL, FROM_EMAIL: COMPLETE.FROM_EMAIL, RESEND_API_KEY: '' });

    expect(error).toMatch(/^- COACH_EMAIL is not set/m);
    expect(error).toMatch(/^- RESEND_API_KEY is not set/m);
    expect(error).toMatch(/^- SIGNING_SECRET is not set/m);
    expect(error).not.toMatch(/FROM_EMAIL|SITE_URL/);
  });

  it('names SITE_URL when neither it nor Netlify’s URL is there', () => {
    const { URL: _url, ...rest } = COMPLETE;

    expect(productionEnvError(rest)).toMatch(/^- SITE_URL is not set/m);
  });

  it.each(['deploy-preview', 'branch-deploy', undefined])('does not check a %s build', (context) => {
    expect(productionEnvError({ ...(context ? { CONTEXT: context } : {}) })).toBeUndefined();
  });
});

describe('a real production build without its settings', () => {
  let site: FixtureSite;
  const saved = { ...process.env };

  beforeAll(async () => {
    site = await createFixtureSite();
    await site.write(
      'astro.config.mjs',
      `import { defineConfig } from 'astro/config';\nimport { productionEnvCheck } from ${JSON.stringify(`${ROOT}integrations/productionEnv.ts`)};\nexport default defineConfig({ cacheDir: './.astro-cache', integrations: [productionEnvCheck()] });\n`,
    );
    for (const name of ['COACH_EMAIL', 'FROM_EMAIL', 'RESEND_API_KEY', 'SIGNING_SECRET', 'SITE_URL', 'URL']) delete process.env[name];
    process.env.CONTEXT = 'production';
  });

  afterAll(async () => {
    process.env = saved;
    await site.cleanup();
  });

  it('fails, naming every missing variable', async () => {
    const { code, output } = await site.astro('build');

    expect(code).not.toBe(0);
    for (const name of ['COACH_EMAIL', 'FROM_EMAIL', 'SITE_URL', 'RESEND_API_KEY', 'SIGNING_SECRET']) expect(output).toContain(`${name} is not set`);
  });
});
