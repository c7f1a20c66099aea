import type { Config, Context } from '@netlify/functions';
import { createAppDeps } from '#server/app/appDeps.ts';
import { handleComments } from '#server/comments/handleComments.ts';

/** Blog comments: the form under each post, and the links in the emails about them (netlify/server/comments/). */
export default async (req: Request, context: Context) => handleComments(req, createAppDeps().comments, context);

export const config: Config = {
  path: ['/api/comments', '/api/comments/*'],
  method: ['GET', 'POST'],
  rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
