/**
 * `npm run retention`: the daily retention run (netlify/server/lifecycle/retention.ts), all of it, now:
 * deletes the data of every client whose latest submission is older than `retentionMonths` in
 * src/site.config.ts, with what failed attempts left behind once a day old, markers of emailed
 * links a day after the links expired, blog comments never published after 90 days, and the desk's
 * ended sessions, expired sign-in links and old activity. Prints what went.
 */
import { createConsoleLogger } from '#server/log.ts';
import { retentionCutoff, runRetention } from '#server/lifecycle/retention.ts';
import { SITE } from '#src/site.config.ts';
import { openStores, type Stores } from './store.ts';

export { retentionCutoff };

/** Everything retention removes from these stores at `now`, in one pass; throws when a store does not answer. */
export async function purgeStores(stores: Pick<Stores, 'submissions' | 'usedLinks' | 'desk' | 'deskBlobs'> & Partial<Pick<Stores, 'comments'>>, now: Date): Promise<string[]> {
  const run = await runRetention({ ...stores, clock: () => now, log: createConsoleLogger(() => {}) });
  if (run.failed) throw new Error('The store did not answer; run it again to finish.');
  return run.removed;
}

export async function purgeExpired(now: Date, dataDir?: string): Promise<{ where: string; cutoff: Date; removed: string[] }> {
  const stores = await openStores(dataDir);
  try {
    return { where: stores.where, cutoff: retentionCutoff(now), removed: await purgeStores(stores, now) };
  } finally {
    await stores.close();
  }
}

if (import.meta.main) {
  try {
    const { where, cutoff, removed } = await purgeExpired(new Date());
    console.log(`Retention: ${SITE.retentionMonths} months after a client's latest submission; removing the data of clients whose latest was before ${cutoff.toISOString().slice(0, 10)}, from ${where}.`);
    console.log(removed.length === 0 ? 'Nothing is past the retention period.' : `${removed.map((key) => `  ${key}`).join('\n')}\n${removed.length} item(s) removed.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
