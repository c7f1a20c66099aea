/**
 * What the published-comments build plugin does before the build (its entry,
 * netlify/plugins/published-comments/index.js, hands in Netlify's environment, the build folder and
 * `utils.build`): reads the published comments with the same code the site's build uses locally,
 * and writes them for the build to read. A production build that cannot read them stops here,
 * saying why, and Netlify keeps the last good deploy live; a deploy preview or branch deploy goes on
 * without comments, with a warning in the log and in the file, so the site's build says why too.
 * docs/decisions/012-comments.md, "Publishing".
 */
import { readCommentsFor, type EnvSource } from './commentsStore.ts';
import { COMMENTS_FILE, removeCommentsFile, writeCommentsFile } from './commentsFile.ts';
import { unreadableCommentsMessage } from '../publishedComments.ts';

/** The part of Netlify's `utils.build` used here. On Netlify, failBuild stops the build with the message. */
export interface BuildControl {
  failBuild(message: string): void;
}

export interface PluginRun {
  env: EnvSource;
  /** The build folder, where the site's build will look for the file. */
  root: string;
  build: BuildControl;
  log: Pick<Console, 'log' | 'warn'>;
}

export async function writePublishedComments({ env, root, build, log }: PluginRun): Promise<void> {
  // Whatever happens next, a file from an earlier build must not stand in for this one's.
  await removeCommentsFile(root);
  const deployId = env.DEPLOY_ID?.trim() || undefined;
  const read = await readCommentsFor(env, root);
  if (!read.ok) {
    if (env.CONTEXT === 'production') {
      build.failBuild(unreadableCommentsMessage(read.error, true));
      return;
    }
    log.warn(unreadableCommentsMessage(read.error, false));
    await writeCommentsFile(root, { state: 'unavailable', deployId, reason: read.error });
    return;
  }
  const { byPost, leftOut, where } = read.value;
  await writeCommentsFile(root, { state: 'read', deployId, where, leftOut, byPost });
  const count = Object.values(byPost).reduce((total, list) => total + list.length, 0);
  log.log(`${count} published comment(s) on ${Object.keys(byPost).length} post(s) read from ${where ?? 'no store'} into ${COMMENTS_FILE} for the build.`);
}
