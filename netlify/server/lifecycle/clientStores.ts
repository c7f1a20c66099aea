/**
 * The submission store as the functions open it: with the homework loop's records, kept beside
 * the submissions, deleted with a commitment and with a client. Erase and retention across
 * stores is composition's work, so this is where the submission store (pipeline) and the loop
 * store (a capability above it) meet; the submission store itself never imports the loop.
 */
import type { Store } from '@netlify/blobs';
import { createLoopStore, LOOP_CLIENTS_PREFIX, type LoopStore } from '../loop/loopStore.ts';
import type { Result } from '../result.ts';
import { STORE_DEADLINE_MS, type StoreError } from '../storeCall.ts';
import { createSubmissionStore, type Companions, type SubmissionStore } from '../submissions/submissionStore.ts';

/** A store failure carried as a throw inside the submission store's own guarded call, under its name. */
class LoopRemovalFailed extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = reason;
  }
}

function removed(result: Result<string[], StoreError>): string[] {
  if (!result.ok) throw new LoopRemovalFailed(result.error.name);
  return result.value;
}

/** The loop's records as companions of the submissions: a commitment's loop state, due keys and markers; a client's loop settings. */
export function loopCompanions(blobs: Store, loops: LoopStore): Companions {
  return {
    removeWithSubmission: async (kind, id) => (kind === 'commitment' ? removed(await loops.remove(id)) : []),
    removeWithClient: async (hash) => removed(await loops.removeClient(hash)),
    async removeOrphans(hasSubmissions) {
      const gone: string[] = [];
      for (const { key } of (await blobs.list({ prefix: LOOP_CLIENTS_PREFIX })).blobs) {
        const hash = key.slice(LOOP_CLIENTS_PREFIX.length);
        if (!(await hasSubmissions(hash))) gone.push(...removed(await loops.removeClient(hash)));
      }
      return gone;
    },
  };
}

/** The submission store over `blobs`, erasing and purging the homework loop's records with its own. */
export function openSubmissionStore(blobs: Store, { deadlineMs = STORE_DEADLINE_MS } = {}): SubmissionStore {
  return createSubmissionStore(blobs, { deadlineMs, companions: loopCompanions(blobs, createLoopStore(blobs, { deadlineMs })) });
}
