/**
 * One client's homework as their own page shows it: each commitment they made, through their
 * pointers (clients/<hash>/commitment/<id>), with its loop state. Only records whose address is
 * theirs count: a pointer can outlive a failed attempt or lead to a record that lost its id to
 * someone else's post (submissionStore.ts), and this page must never show anyone else's words.
 */
import type { Commitment } from '#src/forms/commitment.ts';
import { deadlineOf, commitmentForm } from '../submissions/forms/commitment.ts';
import { storedRecordFor } from '../submissions/forms/storedRecord.ts';
import type { LoopState, LoopStore } from '../loop/loopStore.ts';
import { ok, type Result } from '../result.ts';
import { emailHash, type StoreError, type SubmissionStore } from '../submissions/submissionStore.ts';
import { type Stored, type SubmissionRecord } from '../submissions/records.ts';

export interface ClientCommitment {
  record: SubmissionRecord<Stored<Commitment>>;
  /** The loop's state; null for homework set before the loop began, or whose loop has not started yet. */
  loop: LoopState | null;
  deadline: Date;
  timeZone: string;
}

export interface ClientHomework {
  /** The name they gave most recently; empty when nothing of theirs is stored. */
  name: string;
  email: string;
  commitments: ClientCommitment[];
}

/** Everything of theirs the page shows, read through their pointers; nothing of anyone else's. */
export async function loadClientHomework(hash: string, deps: { store: SubmissionStore; loop: LoopStore }): Promise<Result<ClientHomework, StoreError>> {
  const pointers = await deps.store.listClient(hash);
  if (!pointers.ok) return pointers;
  let latest: { at: string; name: string; email: string } | undefined;
  const commitments: ClientCommitment[] = [];
  for (const { kind, id } of pointers.value) {
    if (kind === 'spam') continue;
    const found = await deps.store.get(kind, id);
    if (!found.ok) return found;
    const record = found.value?.record;
    const email = typeof record?.data.email === 'string' ? record.data.email : '';
    if (!record || !email || emailHash(email) !== hash) continue;
    if (!latest || record.createdAt > latest.at) latest = { at: record.createdAt, name: typeof record.data.name === 'string' ? record.data.name : '', email };
    const commitment = storedRecordFor(commitmentForm, record);
    if (!commitment) continue;
    const loop = await deps.loop.get(commitment.id);
    if (!loop.ok) return loop;
    // The loop's own copy of the deadline and zone when there is one; the record's otherwise.
    const state = loop.value?.state.clientHash === hash ? loop.value.state : null;
    commitments.push({
      record: commitment,
      loop: state,
      deadline: state ? new Date(state.deadline) : deadlineOf(commitment.data),
      timeZone: state?.timeZone ?? commitment.data.timeZone,
    });
  }
  return ok({ name: latest?.name ?? '', email: latest?.email ?? '', commitments });
}
