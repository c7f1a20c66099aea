/**
 * "I'm stuck" requests the coach has not yet marked handled: for the desk's Stuck queue, the count
 * on the inbox and the morning summary. Found with two key lists (every request, every handled
 * marker), so only the open ones are read, however many were handled before.
 */
import type { Stuck } from '#src/forms/stuck.ts';
import { storedRecordFor } from '../submissions/forms/storedRecord.ts';
import { stuckAsk, stuckForm } from '../submissions/forms/stuck.ts';
import { ok, type Result } from '../result.ts';
import { emailHash, type StoreError, type SubmissionStore } from '../submissions/submissionStore.ts';
import { clientPath } from '../paths.ts';

export interface OpenStuckRequest {
  id: string;
  /** When it arrived (ISO, UTC). */
  at: string;
  name: string;
  email: string;
  clientHash: string;
  /** What is going on, in the client's words. */
  what: string;
  reply: Stuck['reply'];
  phone?: string;
  howSoon: Stuck['howSoon'];
  /** "would like a call today": what they asked for, in words. */
  ask: string;
  /** The client's page on the desk: absolute when a site address is given (for emails), else a path. */
  clientUrl: string;
}

const URGENCY: Record<Stuck['howSoon'], number> = { today: 0, 'this-week': 1, 'no-rush': 2 };

/** The ids of the requests not yet handled. */
async function openIds(store: SubmissionStore): Promise<Result<string[], StoreError>> {
  const [all, handled] = await Promise.all([store.listIds('stuck'), store.listHandled('stuck')]);
  if (!all.ok) return all;
  if (!handled.ok) return handled;
  const done = new Set(handled.value);
  return ok(all.value.filter((id) => !done.has(id)));
}

/** How many requests wait for the coach: two key lists, nothing read. */
export async function countOpenStuck(store: SubmissionStore): Promise<Result<number, StoreError>> {
  const ids = await openIds(store);
  return ids.ok ? ok(ids.value.length) : ids;
}

/** Every open request, the most urgent first (today, this week, no rush), then the oldest. */
export async function openStuckRequests(deps: { store: SubmissionStore; siteUrl?: string }): Promise<Result<OpenStuckRequest[], StoreError>> {
  const ids = await openIds(deps.store);
  if (!ids.ok) return ids;
  const open: OpenStuckRequest[] = [];
  for (const id of ids.value) {
    const found = await deps.store.get('stuck', id);
    if (!found.ok) return found;
    const record = found.value ? storedRecordFor(stuckForm, found.value.record) : null;
    if (!record) continue; // erased between the list and the read
    const { data } = record;
    const hash = emailHash(data.email);
    open.push({
      id,
      at: record.createdAt,
      name: data.name,
      email: data.email,
      clientHash: hash,
      what: data.what,
      reply: data.reply,
      ...(data.phone ? { phone: data.phone } : {}),
      howSoon: data.howSoon,
      ask: stuckAsk(data),
      clientUrl: deps.siteUrl ? new URL(clientPath(hash), deps.siteUrl).href : clientPath(hash),
    });
  }
  return ok(open.sort((a, b) => URGENCY[a.howSoon] - URGENCY[b.howSoon] || a.at.localeCompare(b.at)));
}
