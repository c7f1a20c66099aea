import type { Config, Context } from '@netlify/functions';
import { productionDeps } from '#server/deps.ts';
import { reflectionForm } from '#server/submissions/forms/reflection.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';

export default async (req: Request, context: Context) => handleSubmission(req, reflectionForm, productionDeps(), context);

export const config: Config = {
  path: '/api/reflections',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
