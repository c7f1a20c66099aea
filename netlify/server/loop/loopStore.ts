/**
 * The homework loop's own state, kept apart from the commitment's record (whose email state the
 * pipeline owns), in the submissions store next to the records it follows:
 *
 *   loop/<commitmentId>                 LoopState: when each step is due, what was sent, the answer
 *   due/<YYYY-MM-DDTHH>/<id>.<step>     empty: a step of a commitment due in that UTC hour
 *   loop-clients/<emailHash>            ClientLoopSettings: reminders stopped, the version of /my/ links
 *   overdue/<id>                        empty: no answer after the follow-up; shown to the coach until answered
 *   texts/<id>.<step>                   empty: a step for a client who prefers texts, for the coach to send
 *   answered/<YYYY-MM-DD>/<id>          empty: answered that UTC day, for the morning summary
 *
 * The scheduler finds what is due by listing one hour's `due/` keys, never by reading every
 * commitment. A due key is written before the state that names it, and deleted only after the
 * step is settled, so a crash in between leaves a key to look at again, never a step forgotten.
 * Every change to a state is a compare-and-swap on its etag. docs/decisions/011-homework-loop.md.
 */
import type { Store } from '@netlify/blobs';
import * as z from 'zod/mini';
import { createJsonOnly } from '../conditionalWrites.ts';
import { ok, type Result } from '../result.ts';
import { STORE_DEADLINE_MS, storeCalls, type StoreError } from '../storeCall.ts';
import { readJson, readJsonWithEtag, removeKeys, updateJson, type RecordSchema } from '../storeJson.ts';

export const LOOP_PREFIX = 'loop/';
export const DUE_PREFIX = 'due/';
export const LOOP_CLIENTS_PREFIX = 'loop-clients/';
export const OVERDUE_PREFIX = 'overdue/';
export const TEXTS_PREFIX = 'texts/';
export const ANSWERED_PREFIX = 'answered/';

/** The three emails the loop may send a client about one commitment, in the order they fall due. */
export const LOOP_STEPS = ['reminder', 'check-in', 'follow-up'] as const;
export type LoopStep = (typeof LOOP_STEPS)[number];

export const CHECK_IN_ANSWERS = ['done', 'partly', 'not-yet'] as const;
export type CheckInAnswer = (typeof CHECK_IN_ANSWERS)[number];

/**
 * One step's send, recorded before it is attempted. `sending`: recorded, maybe sent (a run that
 * dies here is followed by one that sends again under the same idempotency key, which Resend
 * turns into one email); `sent`; `skipped` (not sent and never will be, `why` says: answered
 * already, stale after a missed run, reminders stopped, text preferred and noted for the coach);
 * `failed`: the provider refused it for good.
 */
export interface StepSend {
  state: 'sending' | 'sent' | 'skipped' | 'failed';
  /** When it entered this state (ISO). */
  at: string;
  /** The key the email carries: `loop/<commitmentId>/<step>`. */
  idempotencyKey: string;
  attempts: number;
  why?: string;
  providerId?: string;
  /** For a step skipped because the client prefers texts: when the coach said she had texted them (the desk's "Done, I texted"). */
  textedAt?: string;
}

/**
 * Why a step was skipped: `StepSend.why` starts with one of these, alone or followed by
 * `: <detail>` ("stale: found after its deadline"). The desk puts each in plain words
 * (desk/loopView.ts) and shows any other value as it is.
 */
export const SKIP_REASONS = ['answered', 'stopped', 'text', 'stale', 'closed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface LoopAnswer {
  answer: CheckInAnswer;
  /** When it was given (ISO). */
  at: string;
  /** The client through a check-in link or their page, or the coach from the desk. */
  by: 'client' | 'coach';
  /** The id of the check-in record that holds the note and any file (a `check-in` submission). */
  checkInId?: string;
  /** The note that came with it, also kept here for the morning summary and the client's page. */
  note?: string;
  /** The names of any files that came with it (the files live with the check-in record). */
  files?: string[];
}

export interface LoopState {
  version: 1;
  commitmentId: string;
  /** The client's email hash (submissionStore.emailHash), to find their settings and pages. */
  clientHash: string;
  /** The deadline (ISO, UTC) and the client's time zone, copied from the record. */
  deadline: string;
  timeZone: string;
  /** How the client wants check-ins: by email, or by text (which the coach sends; see the morning summary). */
  channel: 'email' | 'text';
  /** What the client asked to be called (their latest intake's "preferred name"), for greetings; absent: the first word of their name. */
  preferredName?: string;
  /** When the loop started for this commitment (ISO). */
  startedAt: string;
  /** The id shared by the Done / Partly / Not yet links (loopLinks.checkInLinks): one choice, used once. */
  checkInLid: string;
  /** When each step falls due (ISO); a step absent here is not planned (e.g. no reminder for a deadline an hour away). */
  plan: Partial<Record<LoopStep, string>>;
  sends: Partial<Record<LoopStep, StepSend>>;
  answer?: LoopAnswer;
  /** The commitment this one sets a new date or a smaller step for. */
  follows?: string;
  /** The commitment that replaced this one: it is closed, and nothing more is sent about it. */
  closedBy?: string;
}

export interface ClientLoopSettings {
  /** Reminders and check-ins stopped (ISO); confirmations of what the client sends still go. */
  stoppedAt?: string;
  /** Links to the client's page carry this number; raising it revokes every link sent before. */
  linkVersion: number;
  /** When the coach was emailed that the client stopped reminders (ISO); absent until that email has gone. */
  stopToldAt?: string;
  /** The day (YYYY-MM-DD, in the coach's time zone) the coach was last emailed about a stop; kept across a restart, so stops and restarts fold into one email a day. */
  stopToldOn?: string;
}

const StepSendSchema: z.ZodMiniType<StepSend> = z.object({
  state: z.enum(['sending', 'sent', 'skipped', 'failed']),
  at: z.string(),
  idempotencyKey: z.string(),
  attempts: z.number(),
  why: z.optional(z.string()),
  providerId: z.optional(z.string()),
  textedAt: z.optional(z.string()),
});

const LoopAnswerSchema: z.ZodMiniType<LoopAnswer> = z.object({
  answer: z.enum(CHECK_IN_ANSWERS),
  at: z.string(),
  by: z.enum(['client', 'coach']),
  checkInId: z.optional(z.string()),
  note: z.optional(z.string()),
  files: z.optional(z.array(z.string())),
});

const stepRecord = <T>(schema: z.ZodMiniType<T>) => z.partialRecord(z.enum(LOOP_STEPS), schema);

/** A loop state as stored at `loop/<commitmentId>`, checked on every read. */
export const LoopStateSchema: RecordSchema<LoopState> = z.object({
  version: z.literal(1),
  commitmentId: z.string(),
  clientHash: z.string(),
  deadline: z.string(),
  timeZone: z.string(),
  channel: z.enum(['email', 'text']),
  preferredName: z.optional(z.string()),
  startedAt: z.string(),
  checkInLid: z.string(),
  plan: stepRecord(z.string()),
  sends: stepRecord(StepSendSchema),
  answer: z.optional(LoopAnswerSchema),
  follows: z.optional(z.string()),
  closedBy: z.optional(z.string()),
});

/** A client's loop settings as stored at `loop-clients/<emailHash>`, checked on every read. */
export const ClientLoopSettingsSchema: RecordSchema<ClientLoopSettings> = z.object({
  stoppedAt: z.optional(z.string()),
  linkVersion: z.number(),
  stopToldAt: z.optional(z.string()),
  stopToldOn: z.optional(z.string()),
});

export const loopKey = (commitmentId: string) => `${LOOP_PREFIX}${commitmentId}`;
/** The UTC hour a moment falls in, as due keys name it: `2026-12-01T09`. */
export const dueHour = (at: Date | string) => new Date(at).toISOString().slice(0, 13);
export const dueKey = (at: Date | string, commitmentId: string, step: LoopStep) => `${DUE_PREFIX}${dueHour(at)}/${commitmentId}.${step}`;
export const loopClientKey = (emailHash: string) => `${LOOP_CLIENTS_PREFIX}${emailHash}`;
export const overdueKey = (commitmentId: string) => `${OVERDUE_PREFIX}${commitmentId}`;
export const textKey = (commitmentId: string, step: LoopStep) => `${TEXTS_PREFIX}${commitmentId}.${step}`;
export const answeredKey = (at: Date | string, commitmentId: string) => `${ANSWERED_PREFIX}${new Date(at).toISOString().slice(0, 10)}/${commitmentId}`;

export interface DueEntry {
  commitmentId: string;
  step: LoopStep;
  key: string;
}

/** A change to a state: the new state, or null to leave it as it is. */
export type LoopChange = (state: LoopState) => LoopState | null;

export interface LoopStore {
  /**
   * Starts the loop for a commitment: its due keys first, then its state, create-only. `exists`
   * when it was started before (a retry), which changes nothing.
   */
  start(state: LoopState): Promise<Result<'created' | 'exists', StoreError>>;
  get(commitmentId: string): Promise<Result<{ state: LoopState; etag: string } | null, StoreError>>;
  /**
   * Applies a change with compare-and-swap, reading again and re-applying when someone else
   * wrote first (a few times). Null when there is no state or the change made none.
   */
  update(commitmentId: string, change: LoopChange): Promise<Result<LoopState | null, StoreError>>;
  /** Adds a due key for a step planned later (a new date after "Not yet"). Idempotent. */
  addDue(at: Date | string, commitmentId: string, step: LoopStep): Promise<Result<void, StoreError>>;
  /** The steps due in one UTC hour (`dueHour`). */
  listDue(hour: string): Promise<Result<DueEntry[], StoreError>>;
  /** Every hour that has due keys, oldest first: for catching up, and for tests. */
  listDueHours(): Promise<Result<string[], StoreError>>;
  clearDue(key: string): Promise<Result<void, StoreError>>;
  /** Deletes a commitment's state with the due keys its plan names and its markers; returns the keys removed. */
  remove(commitmentId: string): Promise<Result<string[], StoreError>>;
  /**
   * Empty markers the coach's views list instead of reading every state: `overdue` (no answer
   * after the follow-up), `text` (a step to send by text), `answered` (by UTC day). Idempotent.
   */
  mark(key: string): Promise<Result<void, StoreError>>;
  unmark(key: string): Promise<Result<void, StoreError>>;
  /** Every marker key under a prefix (OVERDUE_PREFIX, TEXTS_PREFIX, `${ANSWERED_PREFIX}<day>/`). */
  listMarks(prefix: string): Promise<Result<string[], StoreError>>;
  getClient(emailHash: string): Promise<Result<ClientLoopSettings, StoreError>>;
  /** Changes a client's settings with compare-and-swap; starts from `{ linkVersion: 1 }`. */
  updateClient(emailHash: string, change: (settings: ClientLoopSettings) => ClientLoopSettings | null): Promise<Result<ClientLoopSettings, StoreError>>;
  removeClient(emailHash: string): Promise<Result<string[], StoreError>>;
}

/** Tries of a compare-and-swap before giving up: only a burst of writers to one small blob gets that far. */
const CAS_TRIES = 5;

/** The error name when every try of a compare-and-swap lost. */
const LOOP_WRITE_CONTENDED = 'LoopWriteContended';

const DUE_KEY = /^due\/(\d{4}-\d{2}-\d{2}T\d{2})\/(.+)\.(reminder|check-in|follow-up)$/;

export function parseDueKey(key: string): DueEntry | null {
  const match = DUE_KEY.exec(key);
  if (!match) return null;
  return { commitmentId: match[2]!, step: match[3] as LoopStep, key };
}

const NEW_CLIENT: ClientLoopSettings = { linkVersion: 1 };

export function createLoopStore(blobs: Store, { deadlineMs = STORE_DEADLINE_MS } = {}): LoopStore {
  const attempt = storeCalls(deadlineMs);

  const call = { call: attempt };

  /** Compare-and-swap on one JSON key (storeJson's updateJson); `initial` creates it when absent, else a missing key is null. */
  async function swap<T>(key: string, schema: RecordSchema<T>, change: (value: T) => T | null, initial?: T): Promise<Result<T | null, StoreError>> {
    const updated = await updateJson(blobs, key, schema, change, { ...call, tries: CAS_TRIES, contended: LOOP_WRITE_CONTENDED, ...(initial === undefined ? {} : { initial }) });
    return updated.ok ? ok(updated.value.value) : updated;
  }

  const dueKeysOf = (state: LoopState) =>
    LOOP_STEPS.flatMap((step) => (state.plan[step] ? [dueKey(state.plan[step]!, state.commitmentId, step)] : []));

  return {
    async start(state) {
      for (const key of dueKeysOf(state)) {
        const written = await attempt(() => blobs.set(key, ''));
        if (!written.ok) return written;
      }
      const created = await attempt(() => createJsonOnly(blobs, loopKey(state.commitmentId), state));
      if (!created.ok) return created;
      return ok(created.value.modified ? 'created' : 'exists');
    },
    async get(commitmentId) {
      const read = await readJsonWithEtag(blobs, loopKey(commitmentId), LoopStateSchema, call);
      if (!read.ok) return read;
      return ok(read.value ? { state: read.value.value, etag: read.value.etag } : null);
    },
    update: (commitmentId, change) => swap(loopKey(commitmentId), LoopStateSchema, change),
    async addDue(at, commitmentId, step) {
      const written = await attempt(() => blobs.set(dueKey(at, commitmentId, step), ''));
      return written.ok ? ok(undefined) : written;
    },
    async listDue(hour) {
      const listed = await attempt(() => blobs.list({ prefix: `${DUE_PREFIX}${hour}/` }));
      if (!listed.ok) return listed;
      return ok(listed.value.blobs.flatMap(({ key }) => parseDueKey(key) ?? []));
    },
    async listDueHours() {
      const listed = await attempt(() => blobs.list({ prefix: DUE_PREFIX, directories: true }));
      if (!listed.ok) return listed;
      return ok(listed.value.directories.map((dir) => dir.slice(DUE_PREFIX.length).replace(/\/$/, '')).sort());
    },
    async clearDue(key) {
      const deleted = await attempt(() => blobs.delete(key));
      return deleted.ok ? ok(undefined) : deleted;
    },
    async remove(commitmentId) {
      const read = await readJson(blobs, loopKey(commitmentId), LoopStateSchema, call);
      if (!read.ok) return read;
      const state = read.value;
      const keys = [
        ...(state ? dueKeysOf(state) : []),
        ...(state?.answer ? [answeredKey(state.answer.at, commitmentId)] : []),
        overdueKey(commitmentId),
        ...LOOP_STEPS.map((step) => textKey(commitmentId, step)),
        loopKey(commitmentId),
      ];
      // Only what was there is reported: erase and retention print what they removed.
      return removeKeys(blobs, keys, call);
    },
    async mark(key) {
      const written = await attempt(() => blobs.set(key, ''));
      return written.ok ? ok(undefined) : written;
    },
    async unmark(key) {
      const deleted = await attempt(() => blobs.delete(key));
      return deleted.ok ? ok(undefined) : deleted;
    },
    async listMarks(prefix) {
      const listed = await attempt(() => blobs.list({ prefix }));
      return listed.ok ? ok(listed.value.blobs.map(({ key }) => key).sort()) : listed;
    },
    async getClient(emailHash) {
      const read = await readJson(blobs, loopClientKey(emailHash), ClientLoopSettingsSchema, call);
      if (!read.ok) return read;
      return ok(read.value ?? NEW_CLIENT);
    },
    async updateClient(emailHash, change) {
      const swapped = await swap(loopClientKey(emailHash), ClientLoopSettingsSchema, change, NEW_CLIENT);
      if (!swapped.ok) return swapped;
      return ok(swapped.value ?? NEW_CLIENT);
    },
    async removeClient(emailHash) {
      return removeKeys(blobs, [loopClientKey(emailHash)], call);
    },
  };
}
