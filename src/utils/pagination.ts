import type { Page, PaginateFunction } from 'astro';
import { BLOG_PAGES_SEGMENT } from '../content/reservedIds';
import { SITE } from '../site.config';

/**
 * The address of page `n` of a listing at `base` ("/blog/"): the first page is the listing
 * itself, the others live under page/ ("/blog/page/2/"), where no post may be named
 * (src/content/reservedIds.ts), so a page number never takes a post's address.
 */
export function pageAddress(base: string, n: number): string {
  return n === 1 ? base : `${base}${BLOG_PAGES_SEGMENT}/${n}/`;
}

/** The links of page `n` of `last`, in the shape of Astro's Page['url']. */
export function pageLinks(base: string, n: number, last: number): Page['url'] {
  return {
    current: pageAddress(base, n),
    prev: n > 1 ? pageAddress(base, n - 1) : undefined,
    next: n < last ? pageAddress(base, n + 1) : undefined,
    first: n > 1 ? pageAddress(base, 1) : undefined,
    last: n < last ? pageAddress(base, last) : undefined,
  };
}

/**
 * Astro's paginate() for a `[...page]` route at `base`, SITE.postsPerPage to a page, with each
 * page's params and links moved under page/ as pageAddress() says. Astro would put page 2 at
 * /blog/2/, where a post named "2" would be.
 */
export function paginateUnder<T, Params extends Record<string, string>, Props extends Record<string, unknown>>(
  paginate: PaginateFunction,
  items: readonly T[],
  { base, params, props }: { base: string; params: Params; props: Props },
) {
  return paginate(items, { pageSize: SITE.postsPerPage, params, props }).map(({ params: pageParams, props: pageProps }) => ({
    params: { ...pageParams, page: pageParams.page && `${BLOG_PAGES_SEGMENT}/${pageParams.page}` },
    props: { ...pageProps, page: { ...pageProps.page, url: pageLinks(base, pageProps.page.currentPage, pageProps.page.lastPage) } },
  }));
}
