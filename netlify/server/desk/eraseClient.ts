/**
 * Erasing a client, the one deletion behind both the desk's "Erase" and `npm run erase`:
 * every submission, file, held post, pointer and delivery marker (submissionStore's
 * eraseClient), the coach's note on them, and their code in the activity log (the entries
 * stay, naming no one). Stops at the first store that does not answer; running it again
 * finishes the job, since each step only removes what is still there.
 */
import { ok, type Result } from '../result.ts';
import { emailHash, type StoreError, type SubmissionStore } from '../submissionStore.ts';
import type { DeskStore } from './deskStore.ts';

export interface Erased {
  /** Keys removed from the submissions store. */
  submissions: string[];
  /** Keys removed from the desk store (the note). */
  desk: string[];
  /** Activity entries that named the client and now name no one. */
  forgotten: string[];
}

export async function eraseClientEverywhere(email: string, stores: { store: SubmissionStore; desk: DeskStore }): Promise<Result<Erased, StoreError>> {
  const hash = emailHash(email);
  const submissions = await stores.store.eraseClient(email);
  if (!submissions.ok) return submissions;
  const note = await stores.desk.deleteNote(hash);
  if (!note.ok) return note;
  // TODO(lead): the inbox index (netlify/server/desk/inboxIndex.ts) is not on main yet; once it is,
  // remove the client's entries here: `removeFromIndex(deskBlobs, { emailHash: hash })`, which needs
  // the desk's raw Store (DeskDeps.deskBlobs; scripts/store.ts would have to hand it in too).
  const forgotten = await stores.desk.forgetClient(hash);
  if (!forgotten.ok) return forgotten;
  return ok({ submissions: submissions.value, desk: note.value, forgotten: forgotten.value });
}
