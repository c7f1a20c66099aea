/**
 * Where blog comments live, in the `comments` blob store, and the only module that knows the
 * layout besides the published/ contract (published.ts), which the build reads:
 *
 *   by-email/<email-hash>/<id>   empty pointer, written first: erase finds all one address sent
 *   waiting/<id>                 empty marker while a comment waits for the coach's decision
 *   received/<id>                CommentEntry: the comment as sent, with the email; its state and its moderation email
 *   held/<id>                    HeldComment: a post held as spam, whole; never emailed, never published
 *   published/<post>/<id>        PublishedComment: approved comments and the coach's replies, never an email
 *   notices/<reply-id>           ReplyNotice: the email telling a reader the coach replied, until it is sent
 *   moderation-sent/<hour>/<n>   one of the hour's moderation-email slots, taken create-only
 *   rebuild/state                RebuildState: when a change asked for a build, when one was last fired
 *
 * A new comment is written pointer → waiting marker → entry (create-only), so an entry is never
 * unreachable by erase nor missing from the coach's queue. Every change to an entry or a notice is
 * a compare-and-swap on its etag. Which of erase, retention and export covers each prefix:
 * storageOwners.ts. docs/decisions/012-comments.md.
 */
import type { Store } from '@netlify/blobs';
import * as z from 'zod/mini';
import { createJsonOnly, createOnly } from '../conditionalWrites.ts';
import type { Result } from '../result.ts';
import { STORE_DEADLINE_MS, storeCalls, untimedCall, type StoreError } from '../storeCall.ts';
import { orThrow, readJson as readStored, removeKeys as removeStored, updateJson, type RecordSchema } from '../storeJson.ts';
import { emailHash } from '../submissions/submissionStore.ts';
import { PUBLISHED_PREFIX, PublishedCommentSchema, publishedKey, readPublished, type PublishedComment } from './published.ts';

export const POINTER_PREFIX = 'by-email/';
export const WAITING_PREFIX = 'waiting/';
export const RECEIVED_PREFIX = 'received/';
export const HELD_PREFIX = 'held/';
export const NOTICES_PREFIX = 'notices/';
export const SLOTS_PREFIX = 'moderation-sent/';
export const REBUILD_KEY = 'rebuild/state';

/** Comments never published (waiting or rejected) and held posts are kept this long after they arrived. */
export const UNPUBLISHED_RETENTION_DAYS = 90;

const pointerKey = (email: string, id: string) => `${POINTER_PREFIX}${emailHash(email)}/${id}`;
const waitingKey = (id: string) => `${WAITING_PREFIX}${id}`;
const receivedKey = (id: string) => `${RECEIVED_PREFIX}${id}`;
const heldKey = (id: string) => `${HELD_PREFIX}${id}`;
const noticeKey = (replyId: string) => `${NOTICES_PREFIX}${replyId}`;

/**
 * Where an email about a comment stands. `capped`: never sent, because the hour's moderation
 * emails were used up (the comment waits on the desk); `not-needed`: the coach released it
 * from spam on the desk, where she is already looking at it.
 */
export interface EmailState {
  status: 'pending' | 'sent' | 'failed' | 'capped' | 'not-needed';
  attempts: number;
  nextAttemptAt?: string;
  /** The last failure's error name (never its message). */
  lastError?: string;
  sentAt?: string;
  providerId?: string;
  /** This email already took one of its hour's slots (moderation emails are capped per hour). */
  slotTaken?: boolean;
}

export type CommentState = 'pending' | 'approved' | 'rejected';

/** A reader's comment as it arrived, with everything the coach and erase need. */
export interface CommentEntry {
  id: string;
  postSlug: string;
  name: string;
  /** Never published: for the coach, for the reply email the reader asked for, and for erase. */
  email: string;
  website?: string;
  body: string;
  /** The reader ticked "Email me when the coach replies" (cleared by unsubscribing). */
  notify: boolean;
  createdAt: string;
  state: CommentState;
  decidedAt?: string;
  /** When the coach last edited its published copy (the entry keeps what the reader sent). */
  editedAt?: string;
  /** Reasons to look twice: fast-send, released-from-spam. */
  flags?: string[];
  moderation: EmailState;
  contentHash: string;
}

/** A post held as spam: every field as posted (the spam-check fields left out), and why. */
export interface HeldComment {
  id: string;
  reason: string;
  createdAt: string;
  fields: Record<string, unknown>;
}

/** The email that tells a reader the coach replied: no address here, it is read from the comment when sent. */
export interface ReplyNotice {
  replyId: string;
  parentId: string;
  postSlug: string;
  createdAt: string;
  email: EmailState;
}

/** When comments last asked for a build, which request the last good build covered, and when one was last fired. */
export interface RebuildState {
  requestedAt?: string;
  /** The `requestedAt` a fired build answered: equal to it, nothing is waiting. */
  builtFor?: string;
  lastFireAt?: string;
}

const EmailStateSchema: z.ZodMiniType<EmailState> = z.object({
  status: z.enum(['pending', 'sent', 'failed', 'capped', 'not-needed']),
  attempts: z.number(),
  nextAttemptAt: z.optional(z.string()),
  lastError: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  providerId: z.optional(z.string()),
  slotTaken: z.optional(z.boolean()),
});

/** The records this store keeps, checked on every read. */
export const CommentEntrySchema: RecordSchema<CommentEntry> = z.object({
  id: z.string(),
  postSlug: z.string(),
  name: z.string(),
  email: z.string(),
  website: z.optional(z.string()),
  body: z.string(),
  notify: z.boolean(),
  createdAt: z.string(),
  state: z.enum(['pending', 'approved', 'rejected']),
  decidedAt: z.optional(z.string()),
  editedAt: z.optional(z.string()),
  flags: z.optional(z.array(z.string())),
  moderation: EmailStateSchema,
  contentHash: z.string(),
});

export const HeldCommentSchema: RecordSchema<HeldComment> = z.object({
  id: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  fields: z.record(z.string(), z.unknown()),
});

export const ReplyNoticeSchema: RecordSchema<ReplyNotice> = z.object({
  replyId: z.string(),
  parentId: z.string(),
  postSlug: z.string(),
  createdAt: z.string(),
  email: EmailStateSchema,
});

export const RebuildStateSchema: RecordSchema<RebuildState> = z.object({
  requestedAt: z.optional(z.string()),
  builtFor: z.optional(z.string()),
  lastFireAt: z.optional(z.string()),
});

export type StoreResult<T> = Promise<Result<T, StoreError>>;

/** Like submissionStore's: `duplicate` is the same content again (a double click), `conflict` is other content under a used id. */
export type CreateOutcome = 'created' | 'duplicate' | 'conflict';

/** A change to a stored JSON value: the new value, or null to leave it as it is. */
export type Change<T> = (current: T) => T | null;

export interface CommentStore {
  /** Stores a new comment: pointer → waiting marker → entry, create-only, its content hash in the entry's metadata. */
  create(entry: CommentEntry): StoreResult<CreateOutcome>;
  get(id: string): StoreResult<CommentEntry | null>;
  /** Applies a change by compare-and-swap, reading again if someone else wrote first; null when there is no entry. */
  update(id: string, change: Change<CommentEntry>): StoreResult<CommentEntry | null>;
  /** The ids of the comments waiting for the coach, oldest first, with when each arrived. */
  listWaiting(): StoreResult<{ id: string; createdAt: string }[]>;
  clearWaiting(id: string): StoreResult<void>;
  /** Every stored comment, oldest first (the desk, the export). */
  listEntries(): StoreResult<CommentEntry[]>;
  /** The comments one address sent, by its hash (submissionStore.emailHash), held posts included. */
  listByClient(emailHash: string): StoreResult<{ entries: CommentEntry[]; held: HeldComment[] }>;
  /** Holds a post as spam: pointer (when it carries an address) then the post, create-only. */
  hold(held: HeldComment, email: string | undefined): StoreResult<{ created: boolean }>;
  getHeld(id: string): StoreResult<HeldComment | null>;
  listHeld(): StoreResult<HeldComment[]>;
  /** How many posts are held, from one list call (for a count on every desk page view). */
  countHeld(): StoreResult<number>;
  /** How many comments wait for the coach, from one list call. */
  countWaiting(): StoreResult<number>;
  /** Deletes a held post and its pointer; returns the keys removed. */
  deleteHeld(id: string): StoreResult<string[]>;
  /** Writes a published comment, replacing an earlier version (an approval again, an edit). */
  publish(comment: PublishedComment): StoreResult<void>;
  /** Writes a published comment only if it is new (a reply, whose id decides that it is one). */
  publishNew(comment: PublishedComment): StoreResult<{ created: boolean }>;
  getPublished(postSlug: string, id: string): StoreResult<PublishedComment | null>;
  /** Removes a published comment; true if there was one. */
  unpublish(postSlug: string, id: string): StoreResult<boolean>;
  listPublished(): StoreResult<PublishedComment[]>;
  createNotice(notice: ReplyNotice): StoreResult<{ created: boolean }>;
  getNotice(replyId: string): StoreResult<ReplyNotice | null>;
  updateNotice(replyId: string, change: Change<ReplyNotice>): StoreResult<ReplyNotice | null>;
  deleteNotice(replyId: string): StoreResult<void>;
  listNotices(): StoreResult<ReplyNotice[]>;
  /** Takes one of this UTC hour's `cap` moderation-email slots, create-only; false when all are taken. */
  claimModerationSlot(now: Date, cap: number): StoreResult<boolean>;
  getRebuild(): StoreResult<RebuildState | null>;
  updateRebuild(change: Change<RebuildState>): StoreResult<RebuildState | null>;
  /**
   * Deletes everything stored from one address: comments in any state, held posts, pointers,
   * published copies with the coach's replies to them, and their notices. Returns the keys
   * removed and whether anything published went (then the site needs a build).
   */
  eraseEmail(email: string): StoreResult<{ removed: string[]; unpublished: boolean }>;
  /** Deletes one comment and everything that hangs off it (published copy, replies, notices, marker, pointer). */
  remove(id: string): StoreResult<{ removed: string[]; unpublished: boolean }>;
  /**
   * Retention (docs/decisions/012-comments.md): comments that were never published (waiting or
   * rejected), held posts and unsent notices once older than `cutoff`; settled notices and
   * leftovers of failed attempts a day on; hour slots two hours on. Published comments stay while published.
   */
  purge(now: Date, cutoff: Date): StoreResult<{ removed: string[]; unpublished: boolean }>;
}

/** How many times a compare-and-swap is tried before it counts as failed. */
const CAS_TRIES = 5;

/** The error name when every try lost. */
const COMPARE_AND_SWAP_FAILED = 'CompareAndSwapFailed';

/**
 * Store work here runs as one guarded block under the store's deadline (`attempt`), so the
 * toolkit's calls inside it take none of their own and their failures are thrown on.
 */
const inBlock = { call: untimedCall };

const DAY_MS = 24 * 3600_000;

export function createCommentStore(blobs: Store, { deadlineMs = STORE_DEADLINE_MS } = {}): CommentStore {
  const attempt = storeCalls(deadlineMs);

  async function readJson<T>(key: string, schema: RecordSchema<T>): Promise<T | null> {
    return orThrow(await readStored(blobs, key, schema, inBlock));
  }

  /** Reads, changes and writes back by etag, keeping the metadata, until it holds (or CAS_TRIES say it will not). */
  async function casUpdate<T>(key: string, schema: RecordSchema<T>, change: Change<T>, create?: T): Promise<T | null> {
    // A value created from `create` is written even when the change makes none.
    const changeOrCreate = (current: T) => change(current) ?? (create !== undefined && current === create ? create : null);
    const updated = await updateJson(blobs, key, schema, changeOrCreate, {
      ...inBlock,
      tries: CAS_TRIES,
      contended: COMPARE_AND_SWAP_FAILED,
      keepMetadata: true,
      ...(create === undefined ? {} : { initial: create }),
    });
    return orThrow(updated).value;
  }

  /** Deletes the keys that exist; returns them. */
  async function removeKeys(keys: string[]): Promise<string[]> {
    return orThrow(await removeStored(blobs, keys, inBlock));
  }

  async function listKeys(prefix: string): Promise<string[]> {
    return (await blobs.list({ prefix })).blobs.map(({ key }) => key);
  }

  /** Reads a few at a time: the desk and the export may read hundreds. */
  async function readAll<T>(keys: string[], schema: RecordSchema<T>): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += 8) {
      for (const value of await Promise.all(keys.slice(i, i + 8).map((key) => readJson(key, schema)))) if (value !== null) out.push(value);
    }
    return out;
  }

  /** One comment and all that hangs off it; `email` also takes its pointer. */
  async function removeComment(id: string, postSlug: string | undefined, email: string | undefined) {
    const keys = [receivedKey(id), waitingKey(id), heldKey(id)];
    if (email) keys.push(pointerKey(email, id));
    let unpublished = false;
    if (postSlug) {
      // The coach's replies to it go with it: they answer words that are no longer there.
      const replies = (await readAll(await listKeys(`${PUBLISHED_PREFIX}${postSlug}/`), PublishedCommentSchema)).filter((c) => c.parentId === id);
      for (const reply of replies) keys.push(publishedKey(postSlug, reply.id), noticeKey(reply.id));
      keys.push(publishedKey(postSlug, id));
    }
    const removed = await removeKeys(keys);
    if (removed.some((key) => key.startsWith(PUBLISHED_PREFIX))) unpublished = true;
    return { removed, unpublished };
  }

  const byAge = (a: { createdAt: string }, b: { createdAt: string }) => a.createdAt.localeCompare(b.createdAt);

  return {
    create: (entry) =>
      attempt(async () => {
        const key = receivedKey(entry.id);
        const existing = await blobs.getMetadata(key);
        if (existing) return existing.metadata.contentHash === entry.contentHash ? 'duplicate' : 'conflict';
        await blobs.set(pointerKey(entry.email, entry.id), '', { metadata: { createdAt: entry.createdAt } });
        await createOnly(blobs, waitingKey(entry.id), '', { createdAt: entry.createdAt });
        const { modified } = await createJsonOnly(blobs, key, entry, { contentHash: entry.contentHash });
        if (modified) return 'created';
        const after = await blobs.getMetadata(key);
        return after?.metadata.contentHash === entry.contentHash ? 'duplicate' : 'conflict';
      }),

    get: (id) => attempt(() => readJson(receivedKey(id), CommentEntrySchema)),

    update: (id, change) => attempt(() => casUpdate(receivedKey(id), CommentEntrySchema, change)),

    listWaiting: () =>
      attempt(async () => {
        const waiting: { id: string; createdAt: string }[] = [];
        for (const key of await listKeys(WAITING_PREFIX)) {
          const found = await blobs.getMetadata(key);
          if (found) waiting.push({ id: key.slice(WAITING_PREFIX.length), createdAt: typeof found.metadata.createdAt === 'string' ? found.metadata.createdAt : '' });
        }
        return waiting.sort((a, b) => byAge(a, b) || a.id.localeCompare(b.id));
      }),

    clearWaiting: (id) => attempt(() => blobs.delete(waitingKey(id))),

    listEntries: () => attempt(async () => (await readAll(await listKeys(RECEIVED_PREFIX), CommentEntrySchema)).sort(byAge)),

    listByClient: (hash) =>
      attempt(async () => {
        // Anything but a hash could widen the prefix to every address.
        if (!/^[0-9a-f]{32}$/.test(hash)) return { entries: [], held: [] };
        const ids = (await listKeys(`${POINTER_PREFIX}${hash}/`)).map((key) => key.split('/')[2]!);
        const entries = (await readAll(ids.map(receivedKey), CommentEntrySchema)).filter((e) => emailHash(e.email) === hash);
        const held = await readAll(ids.map(heldKey), HeldCommentSchema);
        return { entries: entries.sort(byAge), held: held.sort(byAge) };
      }),

    hold: (held, email) =>
      attempt(async () => {
        if (await blobs.getMetadata(heldKey(held.id))) return { created: false };
        if (email) await blobs.set(pointerKey(email, held.id), '', { metadata: { createdAt: held.createdAt } });
        return { created: (await createJsonOnly(blobs, heldKey(held.id), held)).modified };
      }),

    getHeld: (id) => attempt(() => readJson(heldKey(id), HeldCommentSchema)),

    listHeld: () => attempt(async () => (await readAll(await listKeys(HELD_PREFIX), HeldCommentSchema)).sort(byAge)),

    countHeld: () => attempt(async () => (await listKeys(HELD_PREFIX)).length),

    countWaiting: () => attempt(async () => (await listKeys(WAITING_PREFIX)).length),

    deleteHeld: (id) =>
      attempt(async () => {
        const held = await readJson(heldKey(id), HeldCommentSchema);
        if (!held) return [];
        const email = typeof held.fields.email === 'string' && held.fields.email.includes('@') ? held.fields.email : undefined;
        // A pointer stays if a stored comment has the same id (a released post).
        const keep = email && (await blobs.getMetadata(receivedKey(id)));
        return removeKeys([heldKey(id), ...(email && !keep ? [pointerKey(email, id)] : [])]);
      }),

    publish: (comment) => attempt(async () => void (await blobs.setJSON(publishedKey(comment.postSlug, comment.id), comment))),

    publishNew: (comment) => attempt(async () => ({ created: (await createJsonOnly(blobs, publishedKey(comment.postSlug, comment.id), comment)).modified })),

    getPublished: (postSlug, id) => attempt(() => readJson(publishedKey(postSlug, id), PublishedCommentSchema)),

    unpublish: (postSlug, id) => attempt(async () => (await removeKeys([publishedKey(postSlug, id)])).length > 0),

    listPublished: () => attempt(async () => [...(await readPublished(blobs)).byPost.values()].flat()),

    createNotice: (notice) => attempt(async () => ({ created: (await createJsonOnly(blobs, noticeKey(notice.replyId), notice)).modified })),

    getNotice: (replyId) => attempt(() => readJson(noticeKey(replyId), ReplyNoticeSchema)),

    updateNotice: (replyId, change) => attempt(() => casUpdate(noticeKey(replyId), ReplyNoticeSchema, change)),

    deleteNotice: (replyId) => attempt(() => blobs.delete(noticeKey(replyId))),

    listNotices: () => attempt(async () => (await readAll(await listKeys(NOTICES_PREFIX), ReplyNoticeSchema)).sort(byAge)),

    claimModerationSlot: (now, cap) =>
      attempt(async () => {
        const hour = now.toISOString().slice(0, 13);
        const expiresAt = new Date(now.getTime() + 2 * 3600_000).toISOString();
        for (let slot = 1; slot <= cap; slot++) {
          if ((await createJsonOnly(blobs, `${SLOTS_PREFIX}${hour}/${slot}`, {}, { expiresAt })).modified) return true;
        }
        return false;
      }),

    getRebuild: () => attempt(() => readJson(REBUILD_KEY, RebuildStateSchema)),

    updateRebuild: (change) => attempt(() => casUpdate<RebuildState>(REBUILD_KEY, RebuildStateSchema, change, {})),

    eraseEmail: (email) =>
      attempt(async () => {
        const removed: string[] = [];
        let unpublished = false;
        for (const key of await listKeys(`${POINTER_PREFIX}${emailHash(email)}/`)) {
          const id = key.split('/')[2]!;
          const entry = await readJson(receivedKey(id), CommentEntrySchema);
          // A pointer never removes a comment someone else sent under the same id.
          const mine = !entry || emailHash(entry.email) === emailHash(email);
          const gone = mine ? await removeComment(id, entry?.postSlug, email) : { removed: await removeKeys([key]), unpublished: false };
          removed.push(...gone.removed);
          unpublished ||= gone.unpublished;
        }
        return { removed, unpublished };
      }),

    remove: (id) =>
      attempt(async () => {
        const entry = await readJson(receivedKey(id), CommentEntrySchema);
        return removeComment(id, entry?.postSlug, entry?.email);
      }),

    purge: (now, cutoff) =>
      attempt(async () => {
        const removed: string[] = [];
        let unpublished = false;
        const dayAgo = now.getTime() - DAY_MS;
        for (const entry of await readAll(await listKeys(RECEIVED_PREFIX), CommentEntrySchema)) {
          if (entry.state === 'approved' || Date.parse(entry.createdAt) >= cutoff.getTime()) continue;
          const gone = await removeComment(entry.id, entry.postSlug, entry.email);
          removed.push(...gone.removed);
          unpublished ||= gone.unpublished;
        }
        for (const held of await readAll(await listKeys(HELD_PREFIX), HeldCommentSchema)) {
          if (Date.parse(held.createdAt) >= cutoff.getTime()) continue;
          const email = typeof held.fields.email === 'string' && held.fields.email.includes('@') ? held.fields.email : undefined;
          removed.push(...(await removeKeys([heldKey(held.id), ...(email ? [pointerKey(email, held.id)] : [])])));
        }
        // Sent or settled notices are deleted at once; one failed for good goes a day on, and one the
        // provider kept refusing for as long as an unpublished comment is kept is past any use.
        for (const notice of await readAll(await listKeys(NOTICES_PREFIX), ReplyNoticeSchema)) {
          const created = Date.parse(notice.createdAt);
          if ((notice.email.status !== 'pending' && created < dayAgo) || created < cutoff.getTime()) removed.push(...(await removeKeys([noticeKey(notice.replyId)])));
        }
        // Leftovers of a failed attempt: a pointer or marker whose comment never got stored.
        for (const key of [...(await listKeys(POINTER_PREFIX)), ...(await listKeys(WAITING_PREFIX))]) {
          const id = key.split('/').at(-1)!;
          if ((await blobs.getMetadata(receivedKey(id))) || (await blobs.getMetadata(heldKey(id)))) continue;
          const found = await blobs.getMetadata(key);
          const at = typeof found?.metadata.createdAt === 'string' ? Date.parse(found.metadata.createdAt) : 0;
          if (at < dayAgo) removed.push(...(await removeKeys([key])));
        }
        for (const key of await listKeys(SLOTS_PREFIX)) {
          const found = await blobs.getMetadata(key);
          const expiresAt = found?.metadata.expiresAt;
          if (typeof expiresAt !== 'string' || Date.parse(expiresAt) < now.getTime()) removed.push(...(await removeKeys([key])));
        }
        return { removed, unpublished };
      }),
  };
}
