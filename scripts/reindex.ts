/**
 * `npm run reindex`: rebuilds the coach's inbox index from the stored submissions and held
 * spam, keeping what was marked read. Safe to run at any time, also while submissions arrive;
 * run it if the inbox seems to miss something (docs/decisions/007-inbox-index.md).
 */
import { SITE } from '#src/site.config.ts';
import { CATALOG } from '#server/catalog.ts';
import { reindex, type ReindexReport } from '#server/inbox/reindex.ts';
import { openStores } from './store.ts';

export async function rebuildInbox(dataDir?: string): Promise<{ where: string; report: ReindexReport }> {
  const stores = await openStores(dataDir);
  try {
    const rebuilt = await reindex(stores.submissions, stores.deskBlobs, CATALOG, SITE.timeZone);
    if (!rebuilt.ok) throw new Error(`The store did not answer (${rebuilt.error.name}); run it again to finish.`);
    return { where: stores.where, report: rebuilt.value };
  } finally {
    await stores.close();
  }
}

if (import.meta.main) {
  try {
    const { where, report } = await rebuildInbox();
    console.log(`Rebuilt the inbox of ${where}: ${report.entries} entries in ${report.months} month(s); ${report.dropped} entries without a record dropped.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
