import { FOCUS_LABELS, type Focus } from '../content/taxonomy';
import { tagSlug } from './tags';

interface InquiryLike {
  data: { relatedExercises: readonly { id: string }[] };
}
interface PostLike {
  data: { tags: readonly string[] };
}

/** Inquiries that name this exercise among their related exercises. */
export function inquiriesForExercise<T extends InquiryLike>(inquiries: readonly T[], exerciseId: string): T[] {
  return inquiries.filter((inquiry) => inquiry.data.relatedExercises.some((ref) => ref.id === exerciseId));
}

/**
 * Posts tagged with one of the exercise's focuses ("job-search" matches a "Job search" tag),
 * most shared focuses first, at most `limit`.
 */
export function postsForFocuses<T extends PostLike>(posts: readonly T[], focuses: readonly Focus[], limit = 3): T[] {
  const wanted = new Set(focuses.map((focus) => tagSlug(FOCUS_LABELS[focus])));
  return posts
    .map((post) => ({ post, shared: new Set(post.data.tags.map(tagSlug).filter((slug) => wanted.has(slug))).size }))
    .filter(({ shared }) => shared > 0)
    .sort((a, b) => b.shared - a.shared)
    .slice(0, limit)
    .map(({ post }) => post);
}
