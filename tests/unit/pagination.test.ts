import { describe, expect, it } from 'vitest';
import { pageAddress, pageLinks } from '#src/utils/pagination.ts';

describe('pageAddress', () => {
  it('puts the first page at the listing itself and the others under page/', () => {
    expect(pageAddress('/blog/', 1)).toBe('/blog/');
    expect(pageAddress('/blog/', 2)).toBe('/blog/page/2/');
    expect(pageAddress('/blog/tags/2026/', 3)).toBe('/blog/tags/2026/page/3/');
  });
});

describe('pageLinks', () => {
  it('gives the first page a next and a last link only', () => {
    expect(pageLinks('/blog/', 1, 3)).toEqual({ current: '/blog/', prev: undefined, next: '/blog/page/2/', first: undefined, last: '/blog/page/3/' });
  });

  it('gives a middle page links both ways, the previous of page 2 being the listing itself', () => {
    expect(pageLinks('/blog/', 2, 3)).toEqual({ current: '/blog/page/2/', prev: '/blog/', next: '/blog/page/3/', first: '/blog/', last: '/blog/page/3/' });
  });

  it('gives the last page no next link, and a single page none at all', () => {
    expect(pageLinks('/blog/', 3, 3).next).toBeUndefined();
    expect(pageLinks('/blog/', 1, 1)).toEqual({ current: '/blog/', prev: undefined, next: undefined, first: undefined, last: undefined });
  });
});
