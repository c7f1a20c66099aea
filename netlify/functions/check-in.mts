import type { Config, Context } from '@netlify/functions';
import { createAppDeps } from '#server/app/appDeps.ts';
import { handleCheckIn } from '#server/checkIn/checkInAction.ts';

/** The Done / Partly / Not yet links of a check-in email: a page with one button; only its POST records (netlify/server/checkIn/). */
export default async (req: Request, context: Context) => handleCheckIn(req, createAppDeps().checkIn, context);

export const config: Config = {
  path: '/api/check-in',
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
