import type { Config, Context } from '@netlify/functions';
import { createAppDeps } from '#server/app/appDeps.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';

export default async (req: Request, context: Context) => {
  const app = createAppDeps();
  return handleSubmission(req, app.handlers.stuck, app.pipeline, context);
};

export const config: Config = {
  path: '/api/stuck',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
