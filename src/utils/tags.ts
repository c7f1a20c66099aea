/** URL-safe form of a tag: "Job search" → "job-search". */
export function tagSlug(tag: string): string {
  return tag
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export interface TagCount {
  slug: string;
  label: string;
  count: number;
}

interface Tagged {
  data: { tags: readonly string[] };
}

/**
 * Every tag used by the given posts, most used first. Tags that differ only in case or
 * punctuation ("Job search", "job-search") share one page, labelled as first written.
 */
export function collectTags(posts: readonly Tagged[]): TagCount[] {
  const bySlug = new Map<string, TagCount>();
  for (const post of posts) {
    for (const slug of new Set(post.data.tags.map(tagSlug))) {
      const label = post.data.tags.find((tag) => tagSlug(tag) === slug) ?? slug;
      const existing = bySlug.get(slug);
      if (existing) existing.count += 1;
      else bySlug.set(slug, { slug, label, count: 1 });
    }
  }
  return [...bySlug.values()].sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug));
}

/** The posts carrying a tag, matched by slug. */
export function postsWithTag<T extends Tagged>(posts: readonly T[], slug: string): T[] {
  return posts.filter((post) => post.data.tags.some((tag) => tagSlug(tag) === slug));
}
