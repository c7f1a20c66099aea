/**
 * Erasing a client, the one deletion behind both the desk's "Erase" and `npm run erase`:
 * every submission, file, held post, pointer and delivery marker (submissionStore's
 * eraseClient), every blog comment from their address, published or not, with the coach's
 * replies to it (a rebuild is asked for when a published one went), the coach's note on them,
 * and their code in the activity log (the entries stay, naming no one). Stops at the first store that does not answer; running it again
 * finishes the job, since each step only removes what is still there.
 */
import type { Store } from '@netlify/blobs';
import type { CommentStore } from '../comments/commentStore.ts';
import { requestRebuild } from '../comments/rebuild.ts';
import { createConsoleLogger, type Logger } from '../log.ts';
import { ok, type Result } from '../result.ts';
import { emailHash, type StoreError, type SubmissionStore } from '../submissions/submissionStore.ts';
import type { DeskStore } from './deskStore.ts';
import { removeFromIndex } from '../inbox/inboxIndex.ts';

export interface Erased {
  /** Keys removed from the submissions store. */
  submissions: string[];
  /** Keys removed from the desk store (the note). */
  desk: string[];
  /** Activity entries that named the client and now name no one. */
  forgotten: string[];
  /** Inbox index entries removed (`<kind>/<id>`). */
  unindexed: string[];
  /** Keys removed from the comments store. */
  comments: string[];
}

/** Where erase reaches besides the submissions and the desk: the comments, and what asking for a rebuild needs. */
export interface EraseComments {
  comments?: CommentStore;
  clock?: () => Date;
  log?: Logger;
}

export async function eraseClientEverywhere(email: string, stores: { store: SubmissionStore; desk: DeskStore; deskBlobs: Store } & EraseComments): Promise<Result<Erased, StoreError>> {
  const hash = emailHash(email);
  const submissions = await stores.store.eraseClient(email);
  if (!submissions.ok) return submissions;
  const comments = stores.comments ? await stores.comments.eraseEmail(email) : ok({ removed: [], unpublished: false });
  if (!comments.ok) return comments;
  if (comments.value.unpublished && stores.comments) {
    // The pages still show what was erased until the site is built again.
    const asked = await requestRebuild({ comments: stores.comments, log: stores.log ?? createConsoleLogger(() => {}) }, (stores.clock ?? (() => new Date()))(), 'erase');
    if (!asked.ok) return asked;
  }
  const note = await stores.desk.deleteNote(hash);
  if (!note.ok) return note;
  const unindexed = await removeFromIndex(stores.deskBlobs, { emailHash: hash });
  if (!unindexed.ok) return unindexed;
  const forgotten = await stores.desk.forgetClient(hash);
  if (!forgotten.ok) return forgotten;
  return ok({ submissions: submissions.value, desk: note.value, forgotten: forgotten.value, unindexed: unindexed.value, comments: comments.value.removed });
}
