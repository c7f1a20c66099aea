/**
 * `npm run erase -- someone@example.com`: deletes everything stored for one client (every
 * submission, upload, pending marker and pointer, their blog comments (a rebuild is asked for
 * when a published one went), the coach's note on them, their code in the desk's activity log,
 * and locally their outbox emails), and prints what it removed. The same
 * deletion as the desk's "Erase" (netlify/server/desk/eraseClient.ts). For the privacy
 * policy's promise: ask, and it is gone.
 */
import { eraseFromOutbox } from '#local/outboxMailer.ts';
import { eraseClientEverywhere } from '#server/desk/eraseClient.ts';
import { openStores } from './store.ts';

/** `removed`: keys deleted (the desk's prefixed `desk/`, the comments' `comments/`); `forgotten`: activity entries that no longer name the client. */
export async function erase(email: string, dataDir?: string): Promise<{ where: string; removed: string[]; forgotten: number }> {
  const stores = await openStores(dataDir);
  try {
    const erased = await eraseClientEverywhere(email, { store: stores.submissions, desk: stores.desk, deskBlobs: stores.deskBlobs, comments: stores.comments });
    if (!erased.ok) throw new Error(`The store did not answer (${erased.error.name}); nothing more was removed. Try again.`);
    const fromOutbox = stores.outbox ? await eraseFromOutbox(stores.outbox, email) : [];
    const { submissions, desk, forgotten, comments } = erased.value;
    return { where: stores.where, removed: [...submissions, ...desk.map((key) => `desk/${key}`), ...comments.map((key) => `comments/${key}`), ...fromOutbox], forgotten: forgotten.length };
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
    const { where, removed, forgotten } = await erase(email);
    console.log(removed.length === 0 ? `Nothing stored for ${email} in ${where}.` : `Removed from ${where}:\n${removed.map((key) => `  ${key}`).join('\n')}\n${removed.length} item(s) for ${email}.`);
    if (forgotten > 0) console.log(`${forgotten} activity log entries no longer name them.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
