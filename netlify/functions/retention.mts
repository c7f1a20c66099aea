import type { Config } from '@netlify/functions';
import { scheduledRetention } from '../server/retention.ts';

/** Every day: deletes what is past the retention period, resuming where the last run stopped for time. */
export default async () => {
  const { removed, done, failed } = await scheduledRetention();
  return Response.json({ removed: removed.length, done, failed }, { status: failed ? 500 : 200 });
};

export const config: Config = { schedule: '@daily' };
