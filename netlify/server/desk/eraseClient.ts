/**
 * Erasing a client, the one deletion behind both the desk's "Erase" and `npm run erase`:
 * every submission, file, held post, pointer and delivery marker (submissionStore's
 * eraseClient), the coach's note on them, and their code in the activity log (the entries
 * stay, naming no one). Stops at the first store that does not answer; running it again
 * finishes the job, since each step only removes what is still there.
 */
import type { Store } from '@netlify/blobs';
import { ok, type Result } from '../result.ts';
import { emailHash, type StoreError, type SubmissionStore } from '../submissionStore.ts';
import type { DeskStore } from './deskStore.ts';
import { removeFromIndex } from './inboxIndex.ts';

export interface Erased {
  /** Keys removed from the submissions store. */
  submissions: string[];
  /** Keys removed from the desk store (the note). */
  desk: string[];
  /** Activity entries that named the client and now name no one. */
  forgotten: string[];
  /** Inbox index entries removed (`<kind>/<id>`). */
  unindexed: string[];
}

export async function eraseClientEverywhere(email: string, stores: { store: SubmissionStore; desk: DeskStore; deskBlobs: Store }): Promise<Result<Erased, StoreError>> {
  const hash = emailHash(email);
  const submissions = await stores.store.eraseClient(email);
  if (!submissions.ok) return submissions;
  const note = await stores.desk.deleteNote(hash);
  if (!note.ok) return note;
  const unindexed = await removeFromIndex(stores.deskBlobs, { emailHash: hash });
  if (!unindexed.ok) return unindexed;
  const forgotten = await stores.desk.forgetClient(hash);
  if (!forgotten.ok) return forgotten;
  return ok({ submissions: submissions.value, desk: note.value, forgotten: forgotten.value, unindexed: unindexed.value });
}
