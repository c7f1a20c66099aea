/**
 * What the search can be narrowed to. Each indexed page says its kind to Pagefind with
 * data-pagefind-filter={searchFilter(kind)}; the search page offers the same kinds.
 */
export const SEARCH_KINDS = {
  post: { one: 'Post', many: 'Posts' },
  exercise: { one: 'Exercise', many: 'Exercises' },
  inquiry: { one: 'Coaching inquiry', many: 'Inquiries' },
} as const;

export type SearchKind = keyof typeof SEARCH_KINDS;

export const isSearchKind = (value: string): value is SearchKind => Object.hasOwn(SEARCH_KINDS, value);

/** The value of data-pagefind-filter on a page of this kind. */
export const searchFilter = (kind: SearchKind) => `kind:${kind}`;
