import type { Config, Context } from '@netlify/functions';
import { productionDeps } from '#server/deps.ts';
import { responseForm } from '#server/submissions/forms/response.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';

export default async (req: Request, context: Context) => handleSubmission(req, responseForm, productionDeps(), context);

export const config: Config = {
  path: '/api/responses',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
