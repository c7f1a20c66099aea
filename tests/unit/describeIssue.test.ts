import { describe, expect, it } from 'vitest';
import { fieldName, ordinal } from '#integrations/content/describeIssue.ts';

describe('how a content mistake names its field', () => {
  it('counts from 1, in words a person uses', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
  });

  it('names a field inside a list by the item it belongs to, never by a dotted path', () => {
    expect(fieldName(['title'])).toBe('title');
    expect(fieldName(['prompts', 1])).toBe('the 2nd prompt');
    expect(fieldName(['prompts', 1, 'question'])).toBe("the 2nd prompt's question");
    expect(fieldName(['relatedExercises', 0])).toBe('the 1st related exercise');
    expect(fieldName([])).toBe('the frontmatter');
  });
});
