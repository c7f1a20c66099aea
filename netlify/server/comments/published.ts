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

/** Every published comment of every post, by post slug, oldest first: one list call and a read each. */
export async function readPublished(store: Store): Promise<Map<string, PublishedComment[]>> {
  const { blobs } = await store.list({ prefix: PUBLISHED_PREFIX });
  const comments = await Promise.all(blobs.map(async ({ key }) => (await store.get(key, { type: 'json' })) as PublishedComment | null));
  const byPost = new Map<string, PublishedComment[]>();
  for (const comment of comments) {
    if (!comment) continue; // deleted between the list and the read
    byPost.set(comment.postSlug, [...(byPost.get(comment.postSlug) ?? []), comment]);
  }
  for (const list of byPost.values()) list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return byPost;
}
