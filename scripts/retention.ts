/**
 * `npm run retention`: deletes every submission older than the retention period in
 * src/site.config.ts (retentionMonths), with its uploads and pointers; what failed attempts
 * left behind once a day old; markers of emailed links a day after the links expired; the
 * desk's ended sessions and sign-in links, activity older than the retention period, and
 * notes on clients with nothing left. Prints what went. The coach runs it (the README says
 * when); it could become a scheduled function later.
 */
import { purgeOrphanNotes } from '../netlify/server/desk/deskRetention.ts';
import { removeFromIndex } from '../netlify/server/desk/inboxIndex.ts';
import { SITE } from '../src/site.config.ts';
import { openStores, type Stores } from './store.ts';

/** The moment before which submissions are past the retention period. */
export function retentionCutoff(now: Date, months: number = SITE.retentionMonths): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/** Leftovers of a failed attempt (a pointer or file without its record) are kept this long: a resend may still need them. */
export const ORPHAN_GRACE_MS = 24 * 3600_000;

/** Everything retention removes from these stores at `now`; throws when a store does not answer. */
export async function purgeStores(stores: Pick<Stores, 'submissions' | 'usedLinks' | 'desk' | 'deskBlobs'>, now: Date): Promise<string[]> {
  const cutoff = retentionCutoff(now);
  const unanswered = (error: { name: string }) => new Error(`The store did not answer (${error.name}); run it again to finish.`);
  const purged = await stores.submissions.purgeCreatedBefore(cutoff, new Date(now.getTime() - ORPHAN_GRACE_MS));
  if (!purged.ok) throw unanswered(purged.error);
  const unindexed = await removeFromIndex(stores.deskBlobs, { keys: purged.value });
  if (!unindexed.ok) throw unanswered(unindexed.error);
  const links = await stores.usedLinks.purgeExpired(now);
  if (!links.ok) throw unanswered(links.error);
  const desk = await stores.desk.purge(now, cutoff);
  if (!desk.ok) throw unanswered(desk.error);
  const notes = await purgeOrphanNotes({ store: stores.submissions, desk: stores.desk });
  if (!notes.ok) throw unanswered(notes.error);
  return [...purged.value, ...links.value.map((key) => `links/${key}`), ...[...desk.value, ...notes.value].map((key) => `desk/${key}`)];
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
    console.log(`Retention: ${SITE.retentionMonths} months; removing what was sent before ${cutoff.toISOString().slice(0, 10)} from ${where}.`);
    console.log(removed.length === 0 ? 'Nothing is past the retention period.' : `${removed.map((key) => `  ${key}`).join('\n')}\n${removed.length} item(s) removed.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
