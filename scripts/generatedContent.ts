/**
 * Generated posts and exercises for measuring how the site scales: `npm run bench` builds a copy
 * of the site with them, and tests/integration/budgets.test.ts checks every page's budget on one.
 * Deterministic: the same count always gives the same files.
 */
import { FOCUSES, WHEN } from '../src/content/taxonomy.ts';

const WORDS = 'clarity values strengths habit confidence goal interview resume network reflect notice question commit deadline celebrate progress energy focus career change small step honest'.split(' ');

/** How many "tag N" tags the generated posts share: post i has "tag <i mod NUMBERED_TAGS>". */
export const NUMBERED_TAGS = 25;

function paragraph(seed: number, words = 80): string {
  return Array.from({ length: words }, (_, i) => WORDS[(seed * 7 + i * 13) % WORDS.length]).join(' ') + '.';
}

/** Post `i`: one a day from 2020-01-01, tagged "tag <i mod 25>" and one word, five short sections. */
export function generatedPost(i: number): string {
  const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  return `---\ntitle: "Generated post ${i}"\ndescription: "A generated post for the build benchmark."\npubDate: ${day}\ntags: ["tag ${i % NUMBERED_TAGS}", "${WORDS[i % WORDS.length]}"]\n---\n\n${Array.from({ length: 5 }, (_, p) => `## Part ${p + 1}\n\n${paragraph(i + p)}`).join('\n\n')}\n`;
}

export function generatedExercise(i: number): string {
  const focus = [FOCUSES[i % FOCUSES.length], FOCUSES[(i + 3) % FOCUSES.length]];
  return `---\ntitle: "Generated exercise ${i}"\nsummary: "A generated exercise for the build benchmark."\nfocus: [${[...new Set(focus)].join(', ')}]\nwhen: ${WHEN[i % WHEN.length]}\nminutes: ${5 + (i % 60)}\nprompts:\n  - id: first\n    question: "What did you notice?"\n  - id: second\n    question: "What will you try next?"\n    answer: short\n    required: false\ndebrief:\n  - "What surprised you?"\n---\n\n## Steps\n\n1. ${paragraph(i, 20)}\n2. ${paragraph(i + 1, 20)}\n`;
}

/** The files to add to a copy of the project, by path relative to its root. */
export function generatedContent({ posts = 0, exercises = 0 }: { posts?: number; exercises?: number }): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < posts; i++) files[`src/content/blog/generated-${i}.mdx`] = generatedPost(i);
  for (let i = 0; i < exercises; i++) files[`src/content/exercises/generated-${i}.mdx`] = generatedExercise(i);
  return files;
}
