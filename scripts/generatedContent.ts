/**
 * Generated posts and exercises for measuring how the site scales: `npm run bench` builds a copy
 * of the site with them, and tests/slow/budgets.test.ts checks every page's budget on one.
 * Deterministic: the same count always gives the same files.
 */
import { FOCUSES, WHEN } from '#src/content/taxonomy.ts';

/** Tag words, as before; the text itself draws on a larger vocabulary (below). */
const WORDS = 'clarity values strengths habit confidence goal interview resume network reflect notice question commit deadline celebrate progress energy focus career change small step honest'.split(' ');

/**
 * Words for titles, descriptions and text. Drawn at random (seeded by the entry's number), so
 * generated pages compress about as well as real writing: a listing of near-identical lines
 * would make a size budget checked over it pass whatever the page's length.
 */
const VOCABULARY = `${WORDS.join(' ')} about after again almost always answer anyone asking becoming before better between boss
  brave build calendar calm choose colleague conversation courage curious decide different doubt draft early easier email
  enough evening every expect failure feedback first follow friday gentle habits harder helpful hiring honest identity
  journal kinder later leader learn letter listen manager meeting mistake monday money morning moving naming nervous next
  offer often ordinary patience people permission pitch plan practice promise purpose quiet quitting ready reason rest
  role routine saying second self shift skills slowly sorry story stuck support team tired today tomorrow trust trying
  uncertain until useful voice waiting weekly where whole why willing worry worth writing year yesterday young`.split(/\s+/);

/** A small deterministic random number generator (mulberry32), one stream per seed. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function words(random: () => number, count: number): string {
  return Array.from({ length: count }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]).join(' ');
}

function sentence(random: () => number, min: number, max: number): string {
  const text = words(random, min + Math.floor(random() * (max - min + 1)));
  return text[0]!.toUpperCase() + text.slice(1);
}

/** How many "tag N" tags the generated posts share: post i has "tag <i mod NUMBERED_TAGS>". */
export const NUMBERED_TAGS = 25;

function paragraph(random: () => number, count = 80): string {
  return `${sentence(random, count, count)}.`;
}

/** Post `i`: one a day from 2020-01-01, tagged "tag <i mod 25>" and one word, five short sections. */
export function generatedPost(i: number): string {
  const random = randomFrom(i + 1);
  const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  const title = sentence(random, 4, 8);
  const description = `${sentence(random, 14, 26)}.`;
  const sections = Array.from({ length: 5 }, () => `## ${sentence(random, 2, 5)}\n\n${paragraph(random)}`);
  return `---\ntitle: "${title}"\ndescription: "${description}"\npubDate: ${day}\ntags: ["tag ${i % NUMBERED_TAGS}", "${WORDS[i % WORDS.length]}"]\n---\n\n${sections.join('\n\n')}\n`;
}

export function generatedExercise(i: number): string {
  const random = randomFrom(100_000 + i);
  const focus = [FOCUSES[i % FOCUSES.length], FOCUSES[(i + 3) % FOCUSES.length]];
  return `---\ntitle: "${sentence(random, 2, 5)}"\nsummary: "${sentence(random, 10, 20)}."\nfocus: [${[...new Set(focus)].join(', ')}]\nwhen: ${WHEN[i % WHEN.length]}\nminutes: ${5 + (i % 60)}\nprompts:\n  - id: first\n    question: "What did you notice?"\n  - id: second\n    question: "What will you try next?"\n    answer: short\n    required: false\ndebrief:\n  - "What surprised you?"\n---\n\n## Steps\n\n1. ${paragraph(random, 20)}\n2. ${paragraph(random, 20)}\n`;
}

/** The files to add to a copy of the project, by path relative to its root. */
export function generatedContent({ posts = 0, exercises = 0 }: { posts?: number; exercises?: number }): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < posts; i++) files[`src/content/blog/generated-${i}.mdx`] = generatedPost(i);
  for (let i = 0; i < exercises; i++) files[`src/content/exercises/generated-${i}.mdx`] = generatedExercise(i);
  return files;
}
