interface Dated {
  id: string;
  data: { pubDate: Date };
}

/** Newest first; posts published the same day fall back to their id so the order is stable. */
export function sortPosts<T extends Dated>(posts: readonly T[]): T[] {
  return [...posts].sort(
    (a, b) => b.data.pubDate.getTime() - a.data.pubDate.getTime() || a.id.localeCompare(b.id),
  );
}
