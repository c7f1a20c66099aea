import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureSite, type FixtureSite } from '../support/fixtureSite';
import { pngBytes } from '../support/images';

const VALID_EXERCISE = `---
title: Values card sort
summary: Sort what matters.
focus: [values]
when: either
minutes: 20
prompts:
  - id: top-values
    question: Which five values did you keep?
---
Steps go here.
`;

const VALID_INQUIRY = `---
question: What would enough look like?
context: For when more never feels like enough.
themes: [enough]
relatedExercises: [values-card-sort]
---
Sit with it.
`;

const VALID_POST = `---
title: A post
description: About something.
pubDate: 2026-10-01
tags: [coaching]
---
Hello.
`;

/** A post with a picture at the top, described for people who cannot see it. */
const VALID_POST_WITH_HERO = VALID_POST.replace('tags: [coaching]\n', 'tags: [coaching]\nheroImage: ./cover.png\nheroAlt: A desk by a window.\n');

/**
 * Each case: the file to break, its broken text, and the line the build must print for it: the
 * file, the line, and one plain sentence (no Markdown, the field named once, lists counted from 1).
 */
const BROKEN: { name: string; file: string; text: string; says: string }[] = [
  {
    name: 'a post without a title',
    file: 'src/content/blog/untitled.mdx',
    text: VALID_POST.replace('title: A post\n', ''),
    says: 'src/content/blog/untitled.mdx, line 2: title is missing: add a line "title: …" to the frontmatter.',
  },
  {
    name: 'a post with an empty title',
    file: 'src/content/blog/blank-title.mdx',
    text: VALID_POST.replace('title: A post\n', 'title:\n'),
    says: 'src/content/blog/blank-title.mdx, line 2: title is empty: write its value after "title:".',
  },
  {
    name: 'a post with a heroImage but no heroAlt',
    file: 'src/content/blog/undescribed.mdx',
    text: VALID_POST_WITH_HERO.replace('heroAlt: A desk by a window.\n', ''),
    says: 'src/content/blog/undescribed.mdx, line 2: heroAlt is needed with a heroImage: describe the picture for people who cannot see it, e.g. heroAlt: A desk by a window.',
  },
  {
    name: 'an exercise with an unknown focus',
    file: 'src/content/exercises/bad-focus.mdx',
    text: VALID_EXERCISE.replace('focus: [values]', 'focus: [values, courage]'),
    says: 'src/content/exercises/bad-focus.mdx, line 4: The 2nd focus must be one of clarity, confidence, goals, strengths, values, habits, job-search; it says "courage".',
  },
  {
    name: 'a prompt without a question',
    file: 'src/content/exercises/no-question.mdx',
    text: VALID_EXERCISE.replace('    question: Which five values did you keep?\n', ''),
    says: 'src/content/exercises/no-question.mdx, line 8: The 1st prompt has no question: add "question: …" to it.',
  },
  {
    name: 'two prompts with the same id',
    file: 'src/content/exercises/twin-prompts.mdx',
    text: VALID_EXERCISE.replace('---\nSteps', '  - id: top-values\n    question: Which did you drop?\n---\nSteps'),
    says: 'src/content/exercises/twin-prompts.mdx, line 10: The 2nd prompt\'s id is "top-values", which an earlier prompt already uses; two prompts cannot share an id, so give this one its own.',
  },
  {
    name: 'an inquiry naming an exercise that does not exist',
    file: 'src/content/inquiries/dangling.mdx',
    text: VALID_INQUIRY.replace('[values-card-sort]', '[no-such-exercise]'),
    says: 'src/content/inquiries/dangling.mdx, line 5: The 1st related exercise names "no-such-exercise", but there is no exercise with that file name (looked for src/content/exercises/no-such-exercise.mdx).',
  },
  {
    name: 'a title with a colon in it',
    file: 'src/content/blog/colon.mdx',
    text: VALID_POST.replace('title: A post', 'title: Habits: a guide'),
    says: 'src/content/blog/colon.mdx, line 2: The value of title contains a colon followed by a space, which YAML reads as a second field. Put the value in double quotes: title: "Habits: a guide"',
  },
  {
    name: 'a list without its closing bracket',
    file: 'src/content/blog/unclosed.mdx',
    text: VALID_POST.replace('tags: [coaching]', 'tags: [coaching, habits'),
    says: 'src/content/blog/unclosed.mdx, line 5: A list opened with "[" is not closed: end it with "]" on the same line, like tags: [career, habits]',
  },
  {
    name: 'a date with its day and month swapped',
    file: 'src/content/blog/swapped.mdx',
    text: VALID_POST.replace('pubDate: 2026-10-01', 'pubDate: 2026-31-12'),
    says: 'src/content/blog/swapped.mdx, line 4: pubDate must be a date written as YYYY-MM-DD, e.g. 2026-12-01; it says "2026-31-12", and there is no month 31 (year, then month, then day: did you mean 2026-12-31?).',
  },
  {
    name: 'a day that does not exist',
    file: 'src/content/blog/no-such-day.mdx',
    text: VALID_POST.replace('pubDate: 2026-10-01', 'pubDate: 2026-02-30'),
    says: 'src/content/blog/no-such-day.mdx, line 4: pubDate must be a date written as YYYY-MM-DD, e.g. 2026-12-01; it says "2026-02-30", and February 2026 has no day 30.',
  },
  {
    name: 'a date written with slashes',
    file: 'src/content/blog/slashes.mdx',
    text: VALID_POST.replace('pubDate: 2026-10-01', 'pubDate: 01/12/2026'),
    says: 'src/content/blog/slashes.mdx, line 4: pubDate must be a date written as YYYY-MM-DD, e.g. 2026-12-01; it says "01/12/2026".',
  },
  {
    name: 'a date written in words',
    file: 'src/content/blog/in-words.mdx',
    text: VALID_POST.replace('pubDate: 2026-10-01', 'pubDate: December 1st, 2026'),
    says: 'src/content/blog/in-words.mdx, line 4: pubDate must be a date written as YYYY-MM-DD, e.g. 2026-12-01; it says "December 1st, 2026".',
  },
];

/** Dates written in each accepted form (tests/unit/contentDate.test.ts checks the moment each stands for). */
const ACCEPTED_DATES = ['2026-12-01', '"2026-12-01"', '2026-12-01T09:30:00Z', '2026-12-01T09:30:00+02:00'];

describe('frontmatter mistakes fail the build with the file and the field', () => {
  let site: FixtureSite;

  beforeAll(async () => {
    site = await createFixtureSite();
    await site.write('src/content/blog/cover.png', pngBytes(64, 48));
  });
  afterAll(() => site?.cleanup());

  beforeEach(async () => {
    for (const { file } of BROKEN) await site.remove(file);
    await site.remove('src/content/blog/dated.mdx');
    await site.write('src/content/exercises/values-card-sort.mdx', VALID_EXERCISE);
    await site.write('src/content/inquiries/enough.mdx', VALID_INQUIRY);
    await site.write('src/content/blog/a-post.mdx', VALID_POST);
    await site.write('src/content/blog/a-post-with-a-picture.mdx', VALID_POST_WITH_HERO);
  });

  it('accepts the valid fixture content', async () => {
    const { code, output } = await site.astro('sync');
    expect(output).not.toMatch(/error/i);
    expect(code).toBe(0);
  });

  for (const broken of BROKEN) {
    it(`rejects ${broken.name}, naming the file and the line in one plain sentence`, async () => {
      await site.write(broken.file, broken.text);

      const { code, output } = await site.astro('sync');

      expect(code).not.toBe(0);
      expect(output).toContain(broken.says);
      expect(output).not.toContain('**');
    });
  }

  it('accepts a date written YYYY-MM-DD, quoted or not, and a full ISO date-time', async () => {
    for (const date of ACCEPTED_DATES) {
      await site.write('src/content/blog/dated.mdx', VALID_POST.replace('pubDate: 2026-10-01', `pubDate: ${date}`));

      const { code, output } = await site.astro('sync');

      expect(output, date).not.toMatch(/error/i);
      expect(code, date).toBe(0);
    }
  }, 90_000); // four runs of astro sync: over 20 s on a busy two-core machine
});

describe('Astro’s own reading of the frontmatter, without the content check', () => {
  let site: FixtureSite;

  beforeAll(async () => {
    site = await createFixtureSite({ contentCheck: false });
  });
  afterAll(() => site?.cleanup());

  it('names the file and the line of a YAML mistake', async () => {
    await site.write('src/content/blog/colon.mdx', VALID_POST.replace('title: A post', 'title: Habits: a guide'));

    const { code, output } = await site.astro('sync');

    expect(code).not.toBe(0);
    expect(output).toMatch(/src\/content\/blog\/colon\.mdx:2:\d+/);
  });
});
