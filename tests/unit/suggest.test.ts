import { beforeAll, describe, expect, it } from 'vitest';
import { buildLibrary } from '#integrations/library.ts';
import type { Library, LibraryItem } from '#server/reading/library.ts';
import { stem, suggestReading, tokenize, WORD_CAP, WEIGHTS, type ClientText } from '#server/desk/suggest.ts';
import { ROOT } from '../support/fixtureSite';

/** After every shipped post's date, so the real library is complete and the same on any day. */
const NOW = new Date('2027-01-01T00:00:00Z');

/** Clients as they would really write, each with the one item a coach would pick first. */
const CLIENTS: { name: string; best: string; texts: ClientText[] }[] = [
  {
    name: 'a job seeker taking rejections personally',
    best: 'search-as-project-not-verdict',
    texts: [
      { source: 'intake: goals', text: "Find a new job in product marketing before my savings run out in the spring. Right now I'd settle for getting a single interview." },
      { source: 'intake: obstacles', text: "I've sent about forty applications since August and mostly heard nothing back. Every rejection email feels personal, like a verdict on whether I'm any good." },
      { source: 'reflection', text: 'Honestly my confidence is lower every week. I refresh my inbox all day and then feel worse about myself.' },
      { source: 'commitment', text: 'Apply to two roles this week and stop checking email after 6pm.' },
    ],
  },
  {
    name: 'a manager who puts her health off until work calms down',
    best: 'self-care-and-work',
    texts: [
      { source: 'intake: current situation', text: "I manage a team of twelve at a hospital and I'm exhausted. I haven't taken a proper day off since March. My sleep is terrible and I've stopped running." },
      { source: 'intake: goals', text: "Get my health back without dropping the ball at work. I keep telling myself I'll look after myself once work calms down, but it never does." },
      { source: 'commitment', text: 'Go to bed by 11 on weeknights and take a real lunch break on Tuesday and Thursday.' },
    ],
  },
  {
    name: 'a lawyer whose promotion left him cold',
    best: 'whose-definition-of-success',
    texts: [
      { source: 'intake: current situation', text: 'I was promoted to senior associate at the firm last year, which is what I was supposed to want. My parents are thrilled.' },
      { source: 'intake: goals', text: 'Work out why the promotion left me cold, and what success actually means for me rather than for my family or my law school friends.' },
      { source: 'reflection', text: 'I keep comparing my salary with my friends and feeling behind, even though I earn plenty.' },
    ],
  },
  {
    name: 'a writer whose habits start too big',
    best: 'tiny-start-habit-plan',
    texts: [
      { source: 'intake: goals', text: 'Build a daily writing habit so I can finally finish the novel. I start strong every January with an hour a day and give up within two weeks.' },
      { source: 'commitment', text: 'Write one sentence every morning after I pour my coffee, and tick it off on the kitchen calendar.' },
      { source: 'reflection', text: 'Missed two days in a row after the weekend. The habit is still too big when the kids are home.' },
    ],
  },
  {
    name: 'a support lead whose resume lists duties',
    best: 'resume-achievement-stories',
    texts: [
      { source: 'intake: goals', text: 'Rewrite my resume so it shows what I actually achieved. Ten years in customer support operations and every bullet just lists my duties.' },
      { source: 'intake: strengths', text: 'I cut our average response time in half and trained every new hire, but none of that is on my resume.' },
      { source: 'commitment', text: 'Rewrite three resume bullets as achievement stories before Friday.' },
    ],
  },
  {
    name: 'an engineer waiting to feel ready',
    best: 'waiting-for-permission',
    texts: [
      { source: 'intake: goals', text: 'Go for the team lead role that opens in the spring. I know I want it but I keep waiting to feel ready.' },
      { source: 'intake: obstacles', text: "I tell myself I need one more certification first, or my manager's blessing, or permission from someone. Nobody has actually told me no." },
    ],
  },
];

const clientNamed = (name: string) => CLIENTS.find((client) => client.name === name)!.texts;

/** A small hand-made item: every field the scoring reads, nothing else to match by accident. */
const item = (kind: LibraryItem['kind'], slug: string, fields: Partial<Pick<LibraryItem, 'title' | 'terms' | 'text'>> = {}): LibraryItem => ({
  kind,
  slug,
  title: fields.title ?? 'Untitled',
  url: `/${kind === 'post' ? 'blog' : kind === 'exercise' ? 'exercises' : 'inquiries'}/${slug}/`,
  summary: 'Summary.',
  terms: fields.terms ?? [],
  text: fields.text ?? '',
});

let library: Library;
beforeAll(async () => {
  library = await buildLibrary(ROOT, NOW);
});

describe('stem', () => {
  it.each([
    ['change', 'changes', 'changing', 'changed'],
    ['value', 'values', 'valued', 'valuing'],
    ['commit', 'committed', 'commitment', 'commitments'],
    ['plan', 'plans', 'planning', 'planned'],
    ['confidence', 'confident', 'confidently'],
    ['story', 'stories'],
    ['prepare', 'preparing', 'preparation'],
    ['network', 'networking'],
    ['experiment', 'experiments', 'experimented'],
    ['week', 'weekly'],
  ])('gives %s and its forms one stem', (...forms) => {
    expect(new Set(forms.map(stem)).size).toBe(1);
  });

  it.each([
    ['career', 'care'],
    ['experience', 'experiment'],
    ['student', 'stud'],
  ])('keeps %s apart from %s', (a, b) => {
    expect(stem(a)).not.toBe(stem(b));
  });

  it.each(['focus', 'success', 'analysis', 'family', 'daily'])('leaves %s whole: it only looks like it has a suffix', (word) => {
    expect(stem(word)).toBe(word);
  });
});

describe('tokenize', () => {
  it('keeps the words that say what a text is about, lower-cased, with accents and contractions settled', () => {
    const tokens = tokenize("I'm rewriting my Résumé; the client's goals don't fit on 2 pages in 2026.");

    expect(tokens.map((t) => t.word)).toEqual(['rewriting', 'resume', 'client', 'goals', 'fit', 'pages']);
    expect(tokens.map((t) => t.stem)).toEqual([stem('rewrite'), stem('resume'), 'client', 'goal', 'fit', stem('page')]);
  });
});

describe('suggestReading on the shipped content', () => {
  it.each(CLIENTS.map((client) => [client.name, client.best, client.texts] as const))('suggests first, for %s, %s', (_name, best, texts) => {
    const suggestions = suggestReading(texts, library);

    expect(suggestions).toHaveLength(3);
    expect(suggestions[0]!.item.slug).toBe(best);
    expect(suggestions[0]!.score).toBeGreaterThan(suggestions[1]!.score);
  });

  it('shows which of the client’s words matched, where, and in which of their texts', () => {
    const [top] = suggestReading(clientNamed('a job seeker taking rejections personally'), library);

    expect(top!.matched).toContainEqual({ word: 'confidence', where: 'terms', from: 'reflection' });
    expect(top!.matched).toContainEqual({ word: 'verdict', where: 'title', from: 'intake: obstacles' });
    expect(top!.matched).toContainEqual({ word: 'rejection', where: 'text', from: 'intake: obstacles' });
    expect(top!.matched.map((m) => m.where)).toEqual([...top!.matched.map((m) => m.where)].sort((a, b) => ['terms', 'title', 'text'].indexOf(a) - ['terms', 'title', 'text'].indexOf(b)));
  });

  it('never suggests a draft, however well it matches', () => {
    const networker: ClientText[] = [
      { source: 'intake: obstacles', text: 'I hate networking. Reaching out to former colleagues for a conversation feels pushy, and nobody replies to my messages anyway.' },
      { source: 'commitment', text: 'Send one networking message a week, every Monday, to someone who already likes me.' },
    ];

    const suggestions = suggestReading(networker, library, { limit: library.length });

    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.map((s) => s.item.slug)).not.toContain('networking-when-youd-rather-not');
  });

  it('gives the same suggestions in the same order every time, whatever order the library is in', () => {
    const texts = clientNamed('a writer whose habits start too big');

    const first = suggestReading(texts, library, { limit: library.length });
    const again = suggestReading(texts, [...library].reverse(), { limit: library.length });

    expect(again).toEqual(first);
  });

  it('leaves out what the client has already been sent, and moves the next one up', () => {
    const texts = clientNamed('a job seeker taking rejections personally');
    const before = suggestReading(texts, library, { limit: 4 });

    const after = suggestReading(texts, library, { exclude: ['search-as-project-not-verdict'] });

    expect(after.map((s) => s.item.slug)).toEqual(before.slice(1).map((s) => s.item.slug));
  });

  it('suggests nothing when the client has written nothing, or nothing but small words', () => {
    expect(suggestReading([], library)).toEqual([]);
    expect(suggestReading([{ source: 'intake: goals', text: '   ' }, { source: 'reflection', text: "I don't know, it's just that." }], library)).toEqual([]);
  });
});

describe('suggestReading scores', () => {
  it('weighs a word in the terms over one in the title over one in the text', () => {
    const items = [
      item('exercise', 'in-text', { text: 'Notes on burnout.' }),
      item('exercise', 'in-title', { title: 'Burnout' }),
      item('exercise', 'in-terms', { terms: ['burnout'] }),
    ];

    const suggestions = suggestReading([{ source: 'intake: goals', text: 'Recover from burnout.' }], items);

    expect(suggestions.map((s) => [s.item.slug, s.score])).toEqual([
      ['in-terms', WEIGHTS.terms],
      ['in-title', WEIGHTS.title],
      ['in-text', WEIGHTS.text],
    ]);
  });

  it('matches a multi-word term word by word', () => {
    const items = [item('post', 'switching', { terms: ['career change'] })];

    const [suggestion] = suggestReading([{ source: 'intake: goals', text: 'I am changing careers at forty.' }], items);

    expect(suggestion!.score).toBe(2 * WEIGHTS.terms);
    expect(suggestion!.matched.map((m) => m.word)).toEqual(['careers', 'changing']);
  });

  it('counts a word once however often the client repeats it, and caps it wherever the item has it', () => {
    const items = [
      item('exercise', 'everywhere', { terms: ['confidence'], title: 'Confidence', text: 'Confidence grows.' }),
      item('exercise', 'two-words', { terms: ['confidence', 'interviews'] }),
    ];
    const texts = [{ source: 'reflection', text: 'confidence '.repeat(50) + 'interviews' }];

    const suggestions = suggestReading(texts, items);

    expect(suggestions.map((s) => [s.item.slug, s.score])).toEqual([
      ['two-words', 2 * WEIGHTS.terms],
      ['everywhere', WORD_CAP],
    ]);
    expect(suggestions[1]!.matched.map((m) => m.where)).toEqual(['terms', 'title', 'text']);
  });

  it('ignores a word found in the text of most of the library, but not in terms or titles', () => {
    const items = [
      ...['a', 'b', 'c'].map((slug) => item('inquiry', slug, { text: 'Notes from the week.' })),
      item('exercise', 'weekly-review', { title: 'Weekly review', terms: ['habits'] }),
    ];

    const suggestions = suggestReading([{ source: 'reflection', text: 'A hard week.' }], items);

    expect(suggestions.map((s) => [s.item.slug, s.score])).toEqual([['weekly-review', WEIGHTS.title]]);
  });

  it('breaks ties by kind, exercises first, then by slug', () => {
    const items = [item('post', 'a-post'), item('inquiry', 'b-inquiry'), item('exercise', 'z-exercise'), item('exercise', 'c-exercise')].map((i) => ({ ...i, terms: ['habits'] }));

    const suggestions = suggestReading([{ source: 'intake: goals', text: 'Better habits.' }], items, { limit: 4 });

    expect(suggestions.map((s) => s.item.slug)).toEqual(['c-exercise', 'z-exercise', 'b-inquiry', 'a-post']);
  });

  it('stops at the limit', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map((slug) => item('exercise', slug, { terms: ['habits'] }));

    expect(suggestReading([{ source: 'intake: goals', text: 'habits' }], items)).toHaveLength(3);
    expect(suggestReading([{ source: 'intake: goals', text: 'habits' }], items, { limit: 1 })).toHaveLength(1);
  });
});
