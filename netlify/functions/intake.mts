import type { Config, Context } from '@netlify/functions';
import { productionDeps } from '#server/deps.ts';
import { intakeForm } from '#server/submissions/forms/intake.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';

export default async (req: Request, context: Context) => handleSubmission(req, intakeForm, productionDeps(), context);

export const config: Config = {
  path: '/api/intake',
  method: 'POST',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
