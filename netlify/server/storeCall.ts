/**
 * A blob store call with a deadline, its failure as a value. The blobs client retries failures
 * itself, sleeping seconds between tries, which would outlast a function's time limit; past the
 * deadline the call counts as failed (its work may still land, which callers must allow for).
 */
import { errorName, fail, ok, type Result } from './result.ts';

export interface StoreError {
  name: string;
  /** The key of a stored record that did not match its schema (MalformedRecordError). */
  key?: string;
  /** Which fields of it did not match: paths only, never what they hold. */
  issues?: string;
}

/** A stored record that does not match its schema, thrown inside a store call and returned as its value. */
export class MalformedRecordError extends Error {
  override name = 'MalformedRecord';
  readonly key: string;
  readonly issues: string;
  constructor(key: string, issues: string) {
    super(`The record stored at ${key} is not what the code expects (${issues})`);
    this.key = key;
    this.issues = issues;
  }
}

/** A thrown error as a value: its name, and for a malformed record the key and the fields. */
const asStoreError = (error: unknown): StoreError => (error instanceof MalformedRecordError ? { name: error.name, key: error.key, issues: error.issues } : { name: errorName(error) });

/** How long one store operation may take by default. */
export const STORE_DEADLINE_MS = 4000;

export class StoreTimeout extends Error {
  override name = 'StoreTimeout';
}

/** Runs store work under a deadline; throws become `{ ok: false, error: { name } }`. */
export function storeCalls(deadlineMs: number = STORE_DEADLINE_MS) {
  return async function attempt<T>(work: () => Promise<T>): Promise<Result<T, StoreError>> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new StoreTimeout()), deadlineMs);
    });
    try {
      return ok(await Promise.race([work(), deadline]));
    } catch (error) {
      return fail(asStoreError(error));
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Runs store work with no deadline of its own (the caller's run has one), throws as `{ ok: false, error: { name } }`. */
export async function untimedCall<T>(work: () => Promise<T>): Promise<Result<T, StoreError>> {
  try {
    return ok(await work());
  } catch (error) {
    return fail(asStoreError(error));
  }
}
