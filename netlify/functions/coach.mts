import type { Config, Context } from '@netlify/functions';
import { createAppDeps } from '#server/app/appDeps.ts';
import { handleDesk } from '#server/desk/router.ts';

/** The coach's desk: its pages under /coach/ and its actions under /api/coach/ (netlify/server/desk/). */
export default async (req: Request, context: Context) => handleDesk(req, createAppDeps().desk, (work) => context.waitUntil(work));

export const config: Config = {
  path: ['/coach', '/coach/*', '/api/coach/*'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 120, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
