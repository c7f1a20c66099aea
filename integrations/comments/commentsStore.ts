/**
 * Where the site's build (and `npm start`) reads the published comments from, by the environment
 * it runs in, and the reading itself. docs/decisions/012-comments.md, "Publishing".
 *
 * 1. NETLIFY_BLOBS_CONTEXT, when set: the store it names. Netlify sets it for build plugins (the
 *    published-comments plugin reads through here: netlify/plugins/published-comments); `npm start`
 *    sets it for its own local store; tests point a read at theirs with it.
 * 2. On Netlify (CONTEXT is set) without it: no access, said in a sentence. Netlify gives Blobs
 *    access to build plugins only, never to the build command, which is why a Netlify build reads
 *    the plugin's file instead (integrations/comments/commentsFile.ts).
 * 3. Anywhere else (`npm run build` on a laptop, CI): the local store `npm start` keeps in
 *    .data/blobs, if there is one; with none, nobody has commented here yet.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getStore, type Store } from '@netlify/blobs';
import { startLocalBlobs } from '#local/blobs.ts';
import { COMMENTS_STORE, readPublished, type PublishedComment } from '#server/comments/published.ts';
import { fail, ok, type Result } from '#server/result.ts';
import type { ShownComment } from '#src/comments/commentThreads.ts';

export type EnvSource = Record<string, string | undefined>;

/** Every published comment the page may show, by post slug, oldest first. */
export type CommentsByPost = Record<string, ShownComment[]>;

/** The contract's record fits what the page shows: a field whose type changes there, or that turns optional, fails the type check. */
export const CONTRACT_FITS = true satisfies (PublishedComment extends ShownComment ? true : never);

interface OpenedStore {
  store: Store;
  /** Said in messages: which store this is. */
  where: string;
  close(): Promise<void>;
}

const isSet = (env: EnvSource, name: string) => (env[name]?.trim() ?? '') !== '';

/** The settings a NETLIFY_BLOBS_CONTEXT value holds (base64 of JSON). */
function decodeContext(value: string): { siteID: string; token: string; apiURL?: string; edgeURL?: string; uncachedEdgeURL?: string } | undefined {
  try {
    const context = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Record<string, unknown>;
    const text = (key: string) => (typeof context[key] === 'string' && context[key] !== '' ? (context[key] as string) : undefined);
    const siteID = text('siteID');
    const token = text('token');
    if (!siteID || !token) return undefined;
    const urls = Object.fromEntries((['apiURL', 'edgeURL', 'uncachedEdgeURL'] as const).flatMap((key) => (text(key) ? [[key, text(key)!]] : [])));
    return { siteID, token, ...urls };
  } catch {
    return undefined;
  }
}

/** The comments store for this environment; null when there is none to read (a laptop where nobody has commented). */
export async function openCommentsStore(env: EnvSource, root: string): Promise<Result<OpenedStore | null, string>> {
  const noClose = async () => {};
  if (isSet(env, 'NETLIFY_BLOBS_CONTEXT')) {
    const context = decodeContext(env.NETLIFY_BLOBS_CONTEXT!.trim());
    if (!context) return fail('NETLIFY_BLOBS_CONTEXT is set but is not a Netlify Blobs context (base64 JSON with siteID and token).');
    return ok({ store: getStore({ name: COMMENTS_STORE, consistency: 'strong', ...context }), where: 'the store NETLIFY_BLOBS_CONTEXT names', close: noClose });
  }
  if (isSet(env, 'CONTEXT')) {
    return fail(
      'Netlify Blobs cannot be reached here (NETLIFY_BLOBS_CONTEXT is not set): on Netlify only build plugins get it, ' +
        'so the published-comments plugin (netlify/plugins/published-comments, listed in netlify.toml) reads the comments. ' +
        'See docs/operations.md, "Comments and the build".',
    );
  }
  const local = path.join(root, '.data', 'blobs');
  if (!existsSync(local)) return ok(null);
  const blobs = await startLocalBlobs(local);
  const context = decodeContext(blobs.context)!;
  return ok({ store: getStore({ name: COMMENTS_STORE, consistency: 'strong', ...context }), where: `the local store in ${path.relative(root, local)}`, close: () => blobs.stop() });
}

/** An error from the store, for a message: its name and HTTP status, never its text (which may quote a request). */
function describeError(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const status = typeof error === 'object' && error !== null && 'status' in error ? ` (status ${String((error as { status: unknown }).status)})` : '';
  return `${name}${status}`;
}

export interface ReadComments {
  byPost: CommentsByPost;
  /** Records that did not have the published shape: left out, and counted so the build can say so. */
  leftOut: number;
  /** Which store they came from; undefined when there was none to read. */
  where?: string;
}

/** Reads every published comment once, with strong consistency; a failure to read is a value, with a sentence. */
export async function readCommentsFor(env: EnvSource, root: string): Promise<Result<ReadComments, string>> {
  const opened = await openCommentsStore(env, root);
  if (!opened.ok) return opened;
  if (!opened.value) return ok({ byPost: {}, leftOut: 0 });
  const { store, where, close } = opened.value;
  try {
    // Each record is parsed on read with the schema the pages show comments with; the malformed are counted in leftOut.
    const published = await readPublished(store);
    const byPost: CommentsByPost = {};
    for (const [postSlug, comments] of published.byPost) byPost[postSlug] = comments;
    return ok({ byPost, leftOut: published.leftOut, where });
  } catch (error) {
    return fail(`reading the "${COMMENTS_STORE}" store (${where}) failed: ${describeError(error)}.`);
  } finally {
    await close();
  }
}
