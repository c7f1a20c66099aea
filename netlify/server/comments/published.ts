/**
 * What the site's build reads to put approved comments in a post's static HTML: the contract
 * between the comments function (which writes these) and the build (which only reads them).
 *
 *   store `comments`, key  published/<postSlug>/<commentId>   PublishedComment (JSON)
 *
 * Only approved comments and the coach's replies are ever written here, without the commenter's
 * email (it lives with the pending comment, elsewhere in the store, and never reaches a page).
 * docs/decisions/012-comments.md.
 */
import type { Store } from '@netlify/blobs';
import { PublishedCommentSchema as ShownCommentSchema } from '#src/comments/commentThreads.ts';
import { untimedCall } from '../storeCall.ts';
import { MALFORMED_RECORD, orThrow, readJson, type RecordSchema } from '../storeJson.ts';

export const COMMENTS_STORE = 'comments';
export const PUBLISHED_PREFIX = 'published/';
export const publishedKey = (postSlug: string, commentId: string) => `${PUBLISHED_PREFIX}${postSlug}/${commentId}`;

/** A post's address on the site (src/pages/blog/[...slug].astro). */
export const postPath = (postSlug: string) => `/blog/${postSlug}/`;
/** The id of a comment's element on the post page, which links to it end with (`#comment-<id>`). */
export const commentAnchor = (commentId: string) => `comment-${commentId}`;
export const postUrl = (postSlug: string, siteUrl: string) => new URL(postPath(postSlug), siteUrl).href;
export const commentUrl = (postSlug: string, commentId: string, siteUrl: string) => `${postUrl(postSlug, siteUrl)}#${commentAnchor(commentId)}`;

export interface PublishedComment {
  id: string;
  postSlug: string;
  /** The comment this replies to (the coach's replies only: one level). */
  parentId?: string;
  /** As the commenter gave it, or the coach's name for her replies. Plain text: the page escapes it. */
  name: string;
  /** An http(s) address the commenter gave; linked with rel="nofollow ugc". */
  website?: string;
  /** The comment as written: plain text with the safe Markdown subset, rendered at build time. */
  body: string;
  /** When it was sent (ISO). */
  createdAt: string;
  /** When it was last edited by the coach (ISO), if it was. */
  editedAt?: string;
  byCoach: boolean;
}

/** A published comment as stored, checked on every read: the schema the post pages show them with. */
export const PublishedCommentSchema: RecordSchema<PublishedComment> = ShownCommentSchema;

/**
 * Every published comment of every post, by post slug, oldest first: one list call and a read
 * each. A record without the published shape is left out and counted (the build says so); any
 * other failure throws.
 */
export async function readPublished(store: Store): Promise<{ byPost: Map<string, PublishedComment[]>; leftOut: number }> {
  const { blobs } = await store.list({ prefix: PUBLISHED_PREFIX });
  let leftOut = 0;
  const comments = await Promise.all(
    blobs.map(async ({ key }) => {
      const read = await readJson(store, key, PublishedCommentSchema, { call: untimedCall });
      if (!read.ok && read.error.name === MALFORMED_RECORD) {
        leftOut += 1;
        return null;
      }
      return orThrow(read);
    }),
  );
  const byPost = new Map<string, PublishedComment[]>();
  for (const comment of comments) {
    if (!comment) continue; // deleted between the list and the read, or left out
    byPost.set(comment.postSlug, [...(byPost.get(comment.postSlug) ?? []), comment]);
  }
  for (const list of byPost.values()) list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { byPost, leftOut };
}
