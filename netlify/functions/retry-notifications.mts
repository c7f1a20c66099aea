import type { Config } from '@netlify/functions';
import { productionDeps } from '../server/deps.ts';
import { retryPending } from '../server/retryPending.ts';

/** Sends notifications that failed or were interrupted, with backoff, until each goes out once. */
export default async () => {
  const summary = await retryPending(productionDeps());
  return new Response(JSON.stringify(summary), { status: summary.failed ? 500 : 200, headers: { 'Content-Type': 'application/json' } });
};

export const config: Config = { schedule: '*/5 * * * *' };
