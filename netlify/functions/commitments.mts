import type { Config, Context } from '@netlify/functions';
import { productionDeps } from '#server/deps.ts';
import { commitmentForm } from '#server/submissions/forms/commitment.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';

export default async (req: Request, context: Context) => handleSubmission(req, commitmentForm, productionDeps(), context);

export const config: Config = {
  path: '/api/commitments',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
