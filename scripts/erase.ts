/**
 * `npm run erase -- someone@example.com`: deletes everything stored for one client (every
 * submission, upload, pending marker and pointer, and locally their outbox emails), and prints
 * what it removed. For the privacy policy's promise: ask, and it is gone.
 */
import { eraseFromOutbox } from '../local/outboxMailer.ts';
import { removeFromIndex } from '../netlify/server/desk/inboxIndex.ts';
import { emailHash } from '../netlify/server/submissionStore.ts';
import { openStores } from './store.ts';

export async function erase(email: string, dataDir?: string): Promise<{ where: string; removed: string[] }> {
  const stores = await openStores(dataDir);
  try {
    const erased = await stores.submissions.eraseClient(email);
    if (!erased.ok) throw new Error(`The store did not answer (${erased.error.name}); nothing more was removed. Try again.`);
    const fromOutbox = stores.outbox ? await eraseFromOutbox(stores.outbox, email) : [];
    const fromInbox = await removeFromIndex(stores.deskBlobs, { emailHash: emailHash(email) });
    if (!fromInbox.ok) throw new Error(`The desk's store did not answer (${fromInbox.error.name}); the submissions are gone, run it again to finish.`);
    return { where: stores.where, removed: [...erased.value, ...fromOutbox, ...fromInbox.value.map((key) => `inbox entry ${key}`)] };
  } finally {
    await stores.close();
  }
}

if (import.meta.main) {
  const email = process.argv[2]?.trim();
  if (!email || !email.includes('@')) {
    console.error('Usage: npm run erase -- someone@example.com');
    process.exit(2);
  }
  try {
    const { where, removed } = await erase(email);
    console.log(removed.length === 0 ? `Nothing stored for ${email} in ${where}.` : `Removed from ${where}:\n${removed.map((key) => `  ${key}`).join('\n')}\n${removed.length} item(s) for ${email}.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
