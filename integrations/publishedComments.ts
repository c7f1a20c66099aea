/**
 * Puts the approved comments into the posts' static HTML. A build reads them once, before any
 * page is made (integrations/comments/commentsStore.ts says from where), and hands them to the
 * pages as the module `virtual:unstuck/published-comments`; under `npm start` that module reads
 * the local store on every page view instead, so a comment approved a moment ago shows on reload.
 *
 * A production build that cannot read them stops, naming why: publishing would drop every comment,
 * or bring back ones that were removed, and Netlify keeps the last good deploy live meanwhile.
 * A deploy preview, a branch deploy or a local build goes on without them, with a warning.
 * docs/decisions/012-comments.md, "Publishing".
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { readCommentsFor, type CommentsByPost, type EnvSource } from './comments/commentsStore.ts';

export const PUBLISHED_COMMENTS_MODULE = 'virtual:unstuck/published-comments';
const RESOLVED = `\0${PUBLISHED_COMMENTS_MODULE}`;
const LIVE_MODULE = fileURLToPath(new URL('./comments/liveComments.ts', import.meta.url));

/** Why a build must stop, or what to warn about, when the comments cannot be read. */
export function unreadableCommentsMessage(reason: string, production: boolean): string {
  return production
    ? [
        `This production deploy stops here: the published comments could not be read, and the posts would go live without them (or with removed ones back). Netlify keeps the last good deploy live meanwhile.`,
        `- Why: ${reason}`,
        'Fix that, then deploy again (Deploys → Trigger deploy).',
      ].join('\n')
    : `Comments are left out of this build (a production build would stop here): ${reason}`;
}

/** The comments for a build; throws on a production build that cannot read them. */
export async function commentsForBuild(env: EnvSource, root: string, logger: Pick<AstroIntegrationLogger, 'info' | 'warn'>): Promise<CommentsByPost> {
  const read = await readCommentsFor(env, root);
  const production = env.CONTEXT === 'production';
  if (!read.ok) {
    const message = unreadableCommentsMessage(read.error, production);
    if (production) throw new Error(message);
    logger.warn(message);
    return {};
  }
  const { byPost, leftOut, where } = read.value;
  if (leftOut > 0) logger.warn(`${leftOut} stored comment(s) were not in the published shape and are left out (see netlify/server/comments/published.ts).`);
  const count = Object.values(byPost).reduce((total, list) => total + list.length, 0);
  logger.info(where ? `${count} published comment(s) on ${Object.keys(byPost).length} post(s), from ${where}` : 'No local store in .data/blobs yet, so no comments to publish');
  return byPost;
}

export function publishedCommentsIntegration(env: EnvSource = process.env): AstroIntegration {
  return {
    name: 'unstuck:published-comments',
    hooks: {
      'astro:config:setup': async ({ command, config, updateConfig, logger }) => {
        // Built: the comments as they are now, read once. Otherwise (npm start): read on every page view.
        const source =
          command === 'build'
            ? `const byPost = ${JSON.stringify(await commentsForBuild(env, fileURLToPath(config.root), logger))};\nexport async function loadPublishedComments() { return byPost; }\n`
            : `export { loadLiveComments as loadPublishedComments } from ${JSON.stringify(LIVE_MODULE)};\n`;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'unstuck:published-comments',
                resolveId: (id: string) => (id === PUBLISHED_COMMENTS_MODULE ? RESOLVED : undefined),
                load: (id: string) => (id === RESOLVED ? source : undefined),
              },
            ],
          },
        });
      },
    },
  };
}
