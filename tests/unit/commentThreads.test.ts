import { describe, expect, it } from 'vitest';
import { commentCountLabel, PublishedCommentSchema, threadComments, type ShownComment } from '#src/comments/commentThreads.ts';

const comment = (id: string, createdAt: string, extra: Partial<ShownComment> = {}): ShownComment => ({
  id,
  postSlug: 'a-post',
  name: `Reader ${id}`,
  body: `Comment ${id}`,
  createdAt,
  byCoach: false,
  ...extra,
});

describe('threading a post’s comments', () => {
  it('puts comments oldest first, each with the coach’s replies to it underneath, oldest first', () => {
    const { count, threads } = threadComments([
      comment('late', '2026-11-20T10:00:00Z'),
      comment('reply-2', '2026-11-19T12:00:00Z', { parentId: 'early', byCoach: true }),
      comment('early', '2026-11-18T10:00:00Z'),
      comment('reply-1', '2026-11-18T11:00:00Z', { parentId: 'early', byCoach: true }),
    ]);

    expect(threads.map((t) => [t.comment.id, t.replies.map((r) => r.id)])).toEqual([
      ['early', ['reply-1', 'reply-2']],
      ['late', []],
    ]);
    expect(count).toBe(4);
  });

  it('leaves out a reply whose comment is not shown, and a reply to a reply (one level only)', () => {
    const { count, threads } = threadComments([
      comment('shown', '2026-11-18T10:00:00Z'),
      comment('orphan', '2026-11-18T11:00:00Z', { parentId: 'deleted', byCoach: true }),
      comment('reply', '2026-11-18T12:00:00Z', { parentId: 'shown', byCoach: true }),
      comment('reply-to-reply', '2026-11-18T13:00:00Z', { parentId: 'reply', byCoach: true }),
    ]);

    expect(threads.map((t) => [t.comment.id, t.replies.map((r) => r.id)])).toEqual([['shown', ['reply']]]);
    expect(count).toBe(2);
  });

  it('says how many comments there are in words', () => {
    expect([0, 1, 2, 1200].map(commentCountLabel)).toEqual(['No comments yet', '1 comment', '2 comments', '1,200 comments']);
  });
});

describe('what a page may take from a stored comment', () => {
  it('keeps only the published fields: an email in the record never reaches the page', () => {
    const parsed = PublishedCommentSchema.safeParse({ ...comment('c1', '2026-11-18T10:00:00Z'), email: 'rosa@example.com', notify: true });

    expect(parsed.success && Object.keys(parsed.data).sort()).toEqual(['body', 'byCoach', 'createdAt', 'id', 'name', 'postSlug']);
  });

  it.each([
    ['an id that could break out of an HTML id', { id: 'x" onmouseover="alert(1)' }],
    ['a date that is not one', { createdAt: 'yesterday' }],
    ['no name', { name: '' }],
    ['no byCoach', { byCoach: undefined }],
  ])('refuses a record with %s', (_what, change) => {
    expect(PublishedCommentSchema.safeParse({ ...comment('c1', '2026-11-18T10:00:00Z'), ...change }).success).toBe(false);
  });
});
