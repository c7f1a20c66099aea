import type { Config } from '@netlify/functions';
import { productionDeps } from '../server/deps.ts';
import { sendSpamDigest } from '../server/sendSpamDigest.ts';

/** Every morning: tells the coach what was held as spam in the last day, if anything was. */
export default async () => {
  const summary = await sendSpamDigest(productionDeps());
  return Response.json(summary, { status: summary.failed ? 500 : 200 });
};

// 13:00 UTC is early morning in the coach's time zone (src/site.config.ts); the morning summary will replace this.
export const config: Config = { schedule: '0 13 * * *' };
