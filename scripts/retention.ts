/**
 * `npm run retention`: deletes every submission older than the retention period in
 * src/site.config.ts (retentionMonths), with its uploads and pointers; what failed attempts
 * left behind once a day old; markers of emailed links a day after the links expired; the desk's
 * ended sessions and expired sign-in links, and its activity log past the same period.
 * Prints what went. The coach runs it (the README says when); it could become a scheduled
 * function later.
 */
import { SITE } from '../src/site.config.ts';
import { removeFromIndex } from '../netlify/server/desk/inboxIndex.ts';
import { openStores } from './store.ts';

/** The moment before which submissions are past the retention period. */
export function retentionCutoff(now: Date, months: number = SITE.retentionMonths): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/** Leftovers of a failed attempt (a pointer or file without its record) are kept this long: a resend may still need them. */
export const ORPHAN_GRACE_MS = 24 * 3600_000;

export async function purgeExpired(now: Date, dataDir?: string): Promise<{ where: string; cutoff: Date; removed: string[] }> {
  const cutoff = retentionCutoff(now);
  const stores = await openStores(dataDir);
  try {
    const purged = await stores.submissions.purgeCreatedBefore(cutoff, new Date(now.getTime() - ORPHAN_GRACE_MS));
    if (!purged.ok) throw new Error(`The store did not answer (${purged.error.name}); run it again to finish.`);
    const links = await stores.usedLinks.purgeExpired(now);
    if (!links.ok) throw new Error(`The store did not answer (${links.error.name}); run it again to finish.`);
    // Ended sessions, expired sign-in links and counters; activity older than the submissions it speaks of.
    const unlisted = await removeFromIndex(stores.deskBlobs, { keys: purged.value });
    if (!unlisted.ok) throw new Error(`The store did not answer (${unlisted.error.name}); run it again to finish.`);
    const desk = await stores.desk.purge(now, cutoff);
    if (!desk.ok) throw new Error(`The store did not answer (${desk.error.name}); run it again to finish.`);
    return { where: stores.where, cutoff, removed: [...purged.value, ...links.value.map((key) => `links/${key}`), ...desk.value.map((key) => `desk/${key}`)] };
  } finally {
    await stores.close();
  }
}

if (import.meta.main) {
  try {
    const { where, cutoff, removed } = await purgeExpired(new Date());
    console.log(`Retention: ${SITE.retentionMonths} months; removing what was sent before ${cutoff.toISOString().slice(0, 10)} from ${where}.`);
    console.log(removed.length === 0 ? 'Nothing is past the retention period.' : `${removed.map((key) => `  ${key}`).join('\n')}\n${removed.length} item(s) removed.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
