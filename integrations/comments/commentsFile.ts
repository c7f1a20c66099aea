/**
 * The file that carries the published comments from the build plugin to the site's build on
 * Netlify. Netlify gives Netlify Blobs access (NETLIFY_BLOBS_CONTEXT) to build plugins only, never
 * to the build command (@netlify/build adds it to the plugins' environment alone), so the plugin
 * netlify/plugins/published-comments reads the store just before the build and writes what it read
 * here, and the build reads it back. docs/decisions/012-comments.md, "Publishing".
 *
 * The file sits in .netlify/ (gitignored, outside dist/, never published) and names the deploy it
 * was written for: a file left from another build is never taken for this one's.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod/mini';
import { fail, ok, type Result } from '#server/result.ts';
import { PublishedCommentSchema } from '#src/comments/commentThreads.ts';
import type { EnvSource, ReadComments } from './commentsStore.ts';

export const COMMENTS_FILE = '.netlify/published-comments.json';
export const PLUGIN_FOLDER = 'netlify/plugins/published-comments';

const deployId = z.optional(z.string());

/** What the plugin writes: the comments it read, or why it could not (outside production, where it does not fail the build). */
const CommentsFileSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('read'),
    deployId,
    /** Which store the plugin read, for the build log. */
    where: z.optional(z.string()),
    leftOut: z.number(),
    byPost: z.record(z.string(), z.array(PublishedCommentSchema)),
  }),
  z.object({ state: z.literal('unavailable'), deployId, reason: z.string() }),
]);

export type CommentsFile = z.infer<typeof CommentsFileSchema>;

const fileIn = (root: string) => path.join(root, COMMENTS_FILE);

/** Did Netlify's build run this build (its CI sets NETLIFY, `netlify build` sets NETLIFY_LOCAL)? Then the plugin ran first. */
export const isNetlifyBuild = (env: EnvSource) => env.NETLIFY === 'true' || env.NETLIFY_LOCAL === 'true';

export async function writeCommentsFile(root: string, file: CommentsFile): Promise<void> {
  await mkdir(path.dirname(fileIn(root)), { recursive: true });
  await writeFile(fileIn(root), `${JSON.stringify(file)}\n`);
}

/** Before reading anew: an older file must never stand in for this build's. */
export async function removeCommentsFile(root: string): Promise<void> {
  await rm(fileIn(root), { force: true });
}

const pluginDidNotRun = (why: string) =>
  `the build plugin that reads them did not run in this build (${why}). netlify.toml must list it: [[plugins]] package = "./${PLUGIN_FOLDER}". See docs/operations.md, "Comments and the build".`;

/** The comments the plugin read for this build; a failure is a sentence saying why. */
export async function readCommentsFile(root: string, env: EnvSource): Promise<Result<ReadComments, string>> {
  let text: string;
  try {
    text = await readFile(fileIn(root), 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return fail(missing ? pluginDidNotRun(`there is no ${COMMENTS_FILE}`) : `${COMMENTS_FILE} could not be read (${(error as Error).name}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(`${COMMENTS_FILE} is not JSON: it is not what the published-comments plugin writes.`);
  }
  const parsed = CommentsFileSchema.safeParse(json);
  if (!parsed.success) return fail(`${COMMENTS_FILE} is not in the shape the published-comments plugin writes.`);
  const file = parsed.data;
  const thisDeploy = env.DEPLOY_ID?.trim() || undefined;
  if (file.deployId !== thisDeploy) return fail(pluginDidNotRun(`${COMMENTS_FILE} was written for deploy ${file.deployId ?? '(none)'}, not this one, ${thisDeploy ?? '(none)'}`));
  if (file.state === 'unavailable') return fail(file.reason);
  const where = `${COMMENTS_FILE}, which the published-comments plugin read from ${file.where ?? 'no store'}`;
  return ok({ byPost: file.byPost, leftOut: file.leftOut, where });
}
