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

/** Each case: the file to break, its broken text, and the words the error must contain. */
const BROKEN: { name: string; file: string; text: string; expects: RegExp[] }[] = [
  {
    name: 'a post without a title',
    file: 'src/content/blog/untitled.mdx',
    text: VALID_POST.replace('title: A post\n', ''),
    expects: [/blog\/untitled\.mdx/, /title/],
  },
  {
    name: 'a post with a heroImage but no heroAlt',
    file: 'src/content/blog/undescribed.mdx',
    text: VALID_POST_WITH_HERO.replace('heroAlt: A desk by a window.\n', ''),
    expects: [/blog\/undescribed\.mdx/, /heroAlt/, /a heroImage needs heroAlt text/],
  },
  {
    name: 'an exercise with an unknown focus',
    file: 'src/content/exercises/bad-focus.mdx',
    text: VALID_EXERCISE.replace('focus: [values]', 'focus: [values, courage]'),
    expects: [/exercises\/bad-focus\.mdx/, /focus/, /courage|clarity/],
  },
  {
    name: 'a prompt without a question',
    file: 'src/content/exercises/no-question.mdx',
    text: VALID_EXERCISE.replace('    question: Which five values did you keep?\n', ''),
    expects: [/exercises\/no-question\.mdx/, /prompts\.0\.question|prompts.*question/],
  },
  {
    name: 'two prompts with the same id',
    file: 'src/content/exercises/twin-prompts.mdx',
    text: VALID_EXERCISE.replace(
      '---\nSteps',
      '  - id: top-values\n    question: Which did you drop?\n---\nSteps',
    ),
    expects: [/exercises\/twin-prompts\.mdx/, /prompts\.1\.id/, /two prompts share the id "top-values"/],
  },
  {
    name: 'an inquiry naming an exercise that does not exist',
    file: 'src/content/inquiries/dangling.mdx',
    text: VALID_INQUIRY.replace('[values-card-sort]', '[no-such-exercise]'),
    expects: [/inquiries\/dangling\.mdx/, /relatedExercises/, /no-such-exercise/],
  },
];

describe('frontmatter mistakes fail the build with the file and the field', () => {
  let site: FixtureSite;

  beforeAll(async () => {
    site = await createFixtureSite();
    await site.write('src/content/blog/cover.png', pngBytes(64, 48));
  });
  afterAll(() => site?.cleanup());

  beforeEach(async () => {
    for (const { file } of BROKEN) await site.remove(file);
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
    it(`rejects ${broken.name}`, async () => {
      await site.write(broken.file, broken.text);
      const { code, output } = await site.astro('sync');
      expect(code).not.toBe(0);
      for (const pattern of broken.expects) expect(output).toMatch(pattern);
    });
  }
});
