import type { Config } from '@netlify/functions';
import { createAppDeps } from '#server/app/appDeps.ts';
import { handleMy } from '#server/my/myPage.ts';

/** A client's own page: /my/, opened from the link in their homework emails (netlify/server/my/). */
export default async (req: Request) => handleMy(req, createAppDeps().my);

export const config: Config = {
  path: ['/my', '/my/*'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 60, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
