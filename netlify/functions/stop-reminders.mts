import type { Config } from '@netlify/functions';
import { createAppDeps } from '#server/app/appDeps.ts';
import { handleStopReminders } from '#server/my/stopReminders.ts';

/** The stop link of every reminder and check-in, and its RFC 8058 one-click POST (netlify/server/my/stopReminders.ts). */
export default async (req: Request) => handleStopReminders(req, createAppDeps().my);

export const config: Config = {
  path: '/api/stop-reminders',
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
