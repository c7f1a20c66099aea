/**
 * The one way server code reads, changes and deletes JSON records in Netlify Blobs:
 *
 * - `readJson` parses what it reads with the schema of the record kept at that key, so a record
 *   that is not what the code expects (an old shape, a hand edit, a bug) is an error value that
 *   names the key, never a value cast to a type it does not have;
 * - `updateJson` is the one compare-and-swap loop: read with the etag, apply a change, write only
 *   if nobody wrote since (create-only when the key is new), and on a lost race try again from a
 *   fresh read, a set number of times;
 * - `removeKeys` deletes the keys that exist and says which ones did.
 *
 * Each store call runs under a deadline (storeCall.ts); every failure is a value.
 */
import type { Store } from '@netlify/blobs';
import * as z from 'zod/mini';
import { createJsonOnly, replaceJsonIfMatch } from './conditionalWrites.ts';
import { fail, ok, type Result } from './result.ts';
import { MalformedRecordError, storeCalls, type StoreError } from './storeCall.ts';

/** What a stored record's schema is: any zod/mini schema whose output is the record's type. */
export type RecordSchema<T> = z.ZodMiniType<T>;

/** Runs one store call, its failure as a value (`storeCalls(deadlineMs)`). */
export type StoreCall = <T>(work: () => Promise<T>) => Promise<Result<T, StoreError>>;

/** A stored record that does not match its schema. `issues` names the fields (paths only, never values: they may be personal data). */
export interface MalformedRecord {
  name: 'MalformedRecord';
  key: string;
  issues: string;
}

export type StoreJsonError = StoreError | MalformedRecord;

export const MALFORMED_RECORD = 'MalformedRecord';

/** The paths of a schema's complaints, `entries.0.kind, id`: enough to find the fault, nothing the record says. */
function issuePaths(error: z.core.$ZodError): string {
  const paths = error.issues.map((issue) => (issue.path.length > 0 ? issue.path.map(String).join('.') : '(record)'));
  return [...new Set(paths)].join(', ');
}

/** Checks a value read from `key` against its schema. */
export function parseStored<T>(key: string, schema: RecordSchema<T>, data: unknown): Result<T, MalformedRecord> {
  const parsed = z.safeParse(schema, data);
  if (parsed.success) return ok(parsed.data);
  return fail({ name: MALFORMED_RECORD, key, issues: issuePaths(parsed.error) });
}

/**
 * A value read from `key` inside a store call, checked against its schema: null for no record,
 * a MalformedRecordError thrown (and returned by the call as a value naming the key) for a
 * record that is not what the code expects.
 */
export function parsedOrThrow<T>(key: string, schema: RecordSchema<T>, data: unknown): T | null {
  if (data === null || data === undefined) return null;
  const parsed = parseStored(key, schema, data);
  if (!parsed.ok) throw new MalformedRecordError(key, parsed.error.issues);
  return parsed.value;
}

/** Options every helper takes: the store call to run under (its deadline). */
export interface StoreJsonOptions {
  call?: StoreCall;
}

const defaultCall = (options?: StoreJsonOptions): StoreCall => options?.call ?? storeCalls();

/** One record, parsed with its schema; null when there is no such key. */
export async function readJson<T>(store: Store, key: string, schema: RecordSchema<T>, options?: StoreJsonOptions): Promise<Result<T | null, StoreJsonError>> {
  const read = await defaultCall(options)(() => store.get(key, { type: 'json' }) as Promise<unknown>);
  if (!read.ok) return read;
  if (read.value === null || read.value === undefined) return ok(null);
  return parseStored(key, schema, read.value);
}

/** A record with what a compare-and-swap and a rewrite need: its etag and its metadata. */
export interface ReadWithEtag<T> {
  value: T;
  etag: string;
  metadata: Record<string, unknown>;
}

/**
 * One record with its etag and metadata, parsed with its schema; null when there is no such key.
 * A read without an etag is an error (`MissingEtag`): a compare-and-swap on it could drop another writer's change.
 */
export async function readJsonWithEtag<T>(store: Store, key: string, schema: RecordSchema<T>, options?: StoreJsonOptions): Promise<Result<ReadWithEtag<T> | null, StoreJsonError>> {
  const read = await defaultCall(options)(() => store.getWithMetadata(key, { type: 'json' }));
  if (!read.ok) return read;
  const found = read.value;
  if (!found || found.data === null || found.data === undefined) return ok(null);
  if (!found.etag) return fail({ name: MISSING_ETAG });
  const parsed = parseStored(key, schema, found.data);
  if (!parsed.ok) return parsed;
  return ok({ value: parsed.value, etag: found.etag, metadata: found.metadata });
}

export const MISSING_ETAG = 'MissingEtag';
/** Every try of a compare-and-swap lost to another writer (unless the caller names it otherwise). */
export const WRITE_CONTENDED = 'WriteContended';

/** A change to a record: the new value, or null to leave it as it is. */
export type JsonChange<T> = (current: T) => T | null;

export interface UpdateJsonOptions<T> extends StoreJsonOptions {
  /** What `change` starts from when the key is absent (then the write is create-only); without it, an absent key is left absent and the result is null. */
  initial?: T;
  /** How many reads-and-writes before giving up: 5 unless said. */
  tries?: number;
  /** A wait after a lost race (given the try just lost, from 0), to spread racing writers out; none unless said. */
  waitAfter?: (tries: number) => Promise<void>;
  /** The error name when every try lost: `WriteContended` unless said. */
  contended?: string;
  /** Writes the metadata read with the record back with the change (a replace otherwise drops it). */
  keepMetadata?: boolean;
}

export interface Updated<T> {
  /** The record as it now stands: the written value, or the current one when the change made none; null when the key was absent and stays so. */
  value: T | null;
  /** Whether this call wrote. */
  written: boolean;
}

/**
 * THE compare-and-swap loop. Reads the record with its etag, applies `change` (which may run
 * several times, always on the record as it is now) and writes only if the record is unchanged
 * since (create-only when it is new). A lost race starts again from a fresh read, up to `tries`
 * times, then fails with `contended`. Store failures, a malformed record and a read without an
 * etag are error values.
 */
export async function updateJson<T>(
  store: Store,
  key: string,
  schema: RecordSchema<T>,
  change: JsonChange<T>,
  options: UpdateJsonOptions<T> = {},
): Promise<Result<Updated<T>, StoreJsonError>> {
  const call = defaultCall(options);
  const tries = options.tries ?? 5;
  for (let tried = 0; tried < tries; tried++) {
    const read = await readJsonWithEtag(store, key, schema, { call });
    if (!read.ok) return read;
    const found = read.value;
    if (!found && options.initial === undefined) return ok({ value: null, written: false });
    const current = found ? found.value : (options.initial as T);
    const next = change(current);
    if (next === null) return ok({ value: found ? current : null, written: false });
    const metadata = options.keepMetadata && found ? found.metadata : undefined;
    const written = await call(() => (found ? replaceJsonIfMatch(store, key, next, found.etag, metadata) : createJsonOnly(store, key, next)));
    if (!written.ok) return written;
    if (written.value.modified) return ok({ value: next, written: true });
    if (options.waitAfter) await options.waitAfter(tried);
  }
  return fail({ name: options.contended ?? WRITE_CONTENDED });
}

/**
 * Deletes the keys that exist, in order; returns the ones that did (erase and retention print
 * what they removed). Stops at the first failure.
 */
export async function removeKeys(store: Store, keys: readonly string[], options?: StoreJsonOptions): Promise<Result<string[], StoreError>> {
  const call = defaultCall(options);
  const removed: string[] = [];
  for (const key of keys) {
    const found = await call(() => store.getMetadata(key));
    if (!found.ok) return found;
    if (!found.value) continue;
    const deleted = await call(() => store.delete(key));
    if (!deleted.ok) return deleted;
    removed.push(key);
  }
  return ok(removed);
}

/** A failure carried as a throw, for code that runs store work as one guarded block (`storeCalls`, `guarded`): its name survives. */
export class StoreFailure extends Error {
  readonly error: StoreJsonError;
  constructor(error: StoreJsonError) {
    super(error.name);
    this.error = error;
    this.name = error.name;
  }
}

/** The value of a Result, or a throw of its error under its own name. */
export function orThrow<T>(result: Result<T, StoreJsonError>): T {
  if (!result.ok) throw new StoreFailure(result.error);
  return result.value;
}
