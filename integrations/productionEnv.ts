/**
 * Stops a production build on Netlify (CONTEXT=production) that lacks a setting the functions
 * need, naming each one: deployed without RESEND_API_KEY, every email would wait unsent; without
 * COACH_EMAIL, no submission would reach the coach. Deploy previews, branch deploys and local
 * builds are not checked: there the functions keep emails pending (or, locally, in the outbox)
 * and say why in the log.
 */
import type { AstroIntegration } from 'astro';
import { productionProblems, type EnvSource } from '#server/env.ts';

/** Why a build must stop, or undefined when it may go on. */
export function productionEnvError(source: EnvSource): string | undefined {
  if (source.CONTEXT !== 'production') return undefined;
  const problems = productionProblems(source);
  if (problems.length === 0) return undefined;
  return [
    'This production deploy stops here: the functions would run without settings they need.',
    ...problems.map((problem) => `- ${problem.message}`),
    'Set them in Netlify (Site configuration → Environment variables), then deploy again. See docs/operations.md, "Environment variables".',
  ].join('\n');
}

export function productionEnvCheck(source: EnvSource = process.env): AstroIntegration {
  return {
    name: 'unstuck:production-env',
    hooks: {
      'astro:config:setup': ({ command }) => {
        if (command !== 'build') return;
        const error = productionEnvError(source);
        if (error) throw new Error(error);
      },
    },
  };
}
