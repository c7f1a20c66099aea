import type { Config, Context } from '@netlify/functions';
import { productionDeps } from '#server/deps.ts';
import { stuckForm } from '#server/submissions/forms/stuck.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';

export default async (req: Request, context: Context) => handleSubmission(req, stuckForm, productionDeps(), context);

export const config: Config = {
  path: '/api/stuck',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
