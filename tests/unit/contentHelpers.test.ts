import { describe, expect, it } from 'vitest';
import { isPublished } from '#src/utils/isPublished.ts';
import { sortPosts } from '#src/utils/sortPosts.ts';
import { countWords, readingMinutes } from '#src/utils/readingTime.ts';
import { collectTags, postsWithTag, tagSlug } from '#src/utils/tags.ts';
import { allFilters, filterExercises, filterPath } from '#src/utils/exerciseFilters.ts';
import { inquiriesForExercise, postsForFocuses } from '#src/utils/related.ts';
import type { Focus, When } from '#src/content/taxonomy.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const post = (id: string, pubDate: string, extra: { draft?: boolean; tags?: string[] } = {}) => ({
  id,
  data: { pubDate: new Date(pubDate), draft: extra.draft ?? false, tags: extra.tags ?? [] },
});
const exercise = (id: string, focus: Focus[], when: When, minutes: number) => ({ id, data: { focus, when, minutes } });

describe('isPublished', () => {
  it('hides drafts from the production site', () => {
    expect(isPublished(post('a', '2026-01-01', { draft: true }), { preview: false, now: NOW })).toBe(false);
  });

  it('hides posts dated in the future until their day comes', () => {
    const scheduled = post('a', '2026-12-01');
    expect(isPublished(scheduled, { preview: false, now: NOW })).toBe(false);
    expect(isPublished(scheduled, { preview: false, now: new Date('2026-12-02') })).toBe(true);
  });

  it('shows everything while the coach previews locally', () => {
    expect(isPublished(post('a', '2027-01-01', { draft: true }), { preview: true, now: NOW })).toBe(true);
  });

  it('shows undated entries such as exercises unless they are drafts', () => {
    expect(isPublished({ data: { draft: false } }, { preview: false, now: NOW })).toBe(true);
    expect(isPublished({ data: { draft: true } }, { preview: false, now: NOW })).toBe(false);
  });
});

describe('sortPosts', () => {
  it('puts the newest post first and breaks ties by id', () => {
    const sorted = sortPosts([post('b', '2026-05-01'), post('c', '2026-09-01'), post('a', '2026-05-01')]);
    expect(sorted.map((p) => p.id)).toEqual(['c', 'a', 'b']);
  });

  it('does not reorder the list it was given', () => {
    const posts = [post('old', '2026-01-01'), post('new', '2026-02-01')];
    sortPosts(posts);
    expect(posts[0]!.id).toBe('old');
  });
});

describe('reading time', () => {
  it('counts words but not markdown syntax, tags, code or link targets', () => {
    const body = [
      "import Aside from '../Aside.astro';",
      '## A heading here',
      'Read [this guide](https://example.com/a/very/long/path) now.',
      '<Aside kind="tip">Two words</Aside>',
      '```js',
      'const ignored = true;',
      '```',
    ].join('\n');
    expect(countWords(body)).toBe(9);
  });

  it('rounds up to whole minutes and never says zero', () => {
    expect(readingMinutes('', 200)).toBe(1);
    expect(readingMinutes('word '.repeat(200), 200)).toBe(1);
    expect(readingMinutes('word '.repeat(201), 200)).toBe(2);
  });
});

describe('tags', () => {
  it('turns a tag into a URL-safe slug', () => {
    expect(tagSlug('Job search')).toBe('job-search');
    expect(tagSlug('  Self-care & Work ')).toBe('self-care-work');
    expect(tagSlug('Café')).toBe('cafe');
  });

  it('merges tags that differ only in case or spacing and counts each post once', () => {
    const tags = collectTags([
      post('a', '2026-01-01', { tags: ['Job search', 'job-search', 'habits'] }),
      post('b', '2026-01-02', { tags: ['job search'] }),
    ]);
    expect(tags).toEqual([
      { slug: 'job-search', label: 'Job search', count: 2 },
      { slug: 'habits', label: 'habits', count: 1 },
    ]);
  });

  it('finds the posts carrying a tag by its slug', () => {
    const posts = [post('a', '2026-01-01', { tags: ['Confidence'] }), post('b', '2026-01-02', { tags: ['values'] })];
    expect(postsWithTag(posts, 'confidence').map((p) => p.id)).toEqual(['a']);
  });
});

describe('exercise filters', () => {
  const library = [
    exercise('sort', ['values'], 'in-session', 20),
    exercise('audit', ['habits', 'clarity'], 'between-sessions', 45),
    exercise('wins', ['confidence'], 'either', 10),
  ];
  const ids = (filter: Parameters<typeof filterExercises>[1]) => filterExercises(library, filter).map((e) => e.id);

  it('narrows by focus', () => {
    expect(ids({ focus: 'clarity' })).toEqual(['audit']);
  });

  it('counts an "either" exercise as both in-session and between-sessions', () => {
    expect(ids({ when: 'in-session' })).toEqual(['sort', 'wins']);
    expect(ids({ when: 'between-sessions' })).toEqual(['audit', 'wins']);
  });

  it('narrows by time needed using the duration bands', () => {
    expect(ids({ duration: 'quick' })).toEqual(['wins']);
    expect(ids({ duration: 'medium' })).toEqual(['sort']);
    expect(ids({ duration: 'long' })).toEqual(['audit']);
  });

  it('combines every part of a filter', () => {
    expect(ids({ when: 'between-sessions', duration: 'quick' })).toEqual(['wins']);
    expect(ids({ focus: 'values', when: 'between-sessions' })).toEqual([]);
  });

  it('links each view to its own page and the empty filter to the library index', () => {
    expect(filterPath({})).toBe('/exercises/');
    expect(filterPath({ focus: 'job-search' })).toBe('/exercises/filter/job-search/any/any/');
    expect(filterPath({ when: 'in-session', duration: 'long' })).toBe('/exercises/filter/any/in-session/long/');
  });

  it('generates a page for every combination except the unfiltered one', () => {
    const paths = allFilters().map(filterPath);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toHaveLength(8 * 3 * 4 - 1);
    expect(paths).not.toContain('/exercises/');
  });
});

describe('related content', () => {
  it('finds the inquiries that point at an exercise', () => {
    const inquiries = [
      { id: 'q1', data: { relatedExercises: [{ id: 'sort' }] } },
      { id: 'q2', data: { relatedExercises: [{ id: 'audit' }, { id: 'sort' }] } },
      { id: 'q3', data: { relatedExercises: [] } },
    ];
    expect(inquiriesForExercise(inquiries, 'sort').map((q) => q.id)).toEqual(['q1', 'q2']);
  });

  it('suggests posts tagged with the exercise focuses, most overlap first, up to the limit', () => {
    const posts = [
      post('one', '2026-01-01', { tags: ['confidence'] }),
      post('both', '2026-01-02', { tags: ['Job search', 'confidence'] }),
      post('none', '2026-01-03', { tags: ['values'] }),
    ];
    expect(postsForFocuses(posts, ['job-search', 'confidence']).map((p) => p.id)).toEqual(['both', 'one']);
    expect(postsForFocuses(posts, ['job-search', 'confidence'], 1).map((p) => p.id)).toEqual(['both']);
  });
});
