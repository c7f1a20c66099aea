/**
 * Which three posts, exercises or inquiries best fit what a client has written (intake goals,
 * commitments, reflections): the client's words against each item's terms, title and text.
 *
 * Deliberately plain, so the coach can see why something was suggested: lower-case words, a
 * stop-word list, light suffix stripping applied alike to both sides, a fixed weight for where
 * a word was found (terms 5, title 3, text 1), at most WORD_CAP per word, a repeated word
 * counted once. No I/O and no randomness: the same words and library always give the
 * same suggestions in the same order.
 */
import type { Library, LibraryItem, LibraryKind } from '../reading/library.ts';

export interface ClientText {
  /** Where the words come from, shown to the coach, e.g. "intake: goals" or "reflection on what-enough-looks-like". */
  source: string;
  text: string;
}

export type Where = 'terms' | 'title' | 'text';

export interface MatchedWord {
  /** The word as the client first wrote it (lower-cased). */
  word: string;
  /** Where the item has it: its tags/focus/themes, its title, or its summary and text. */
  where: Where;
  /** The source of the client's text it was first found in. */
  from: string;
}

export interface Suggestion {
  item: LibraryItem;
  score: number;
  /** Strongest first: terms, then title, then text; alphabetical within each. */
  matched: MatchedWord[];
}

export interface SuggestOptions {
  limit?: number;
  /** Slugs already sent to this client, never suggested again. */
  exclude?: Iterable<string>;
}

/** What a word is worth by where the item has it: its own labels say most about what it is for. */
export const WEIGHTS = { terms: 5, title: 3, text: 1 } as const satisfies Record<Where, number>;

/** The most one word can add to an item's score, wherever and however often it occurs. */
export const WORD_CAP = 6;

/** Ties go to what the client can do (an exercise, a question to carry) before what they can read. */
const KIND_ORDER: Record<LibraryKind, number> = { exercise: 0, inquiry: 1, post: 2 };

const WHERE_ORDER: readonly Where[] = ['terms', 'title', 'text'];

/**
 * Words that say nothing about what someone is working on. Contractions ("I'm", "don't") go
 * without a list: every word with an apostrophe left after a possessive is one of them.
 */
const STOP_WORDS = new Set(
  `about above actually after again against ago all almost already also although always am among an and another any
  anyone anything are around as at away back be because been before being below best better between bit both but by can
  cannot come comes could did do does doing done down during each eight either else enough even ever every everyone
  everything few first five for four from further get gets getting give go goes going good got had has have having he
  her here hers herself him himself his honestly how however if in into is it its itself just keep kind know last least
  less let like lot lots made make makes many may maybe me might mine more most mostly much must my myself need needs new
  next nine no nor not nothing now of off often on once one only or other others our ours ourselves out over own part
  put quite rather really right said same say says see seem seems seven she should since six so some someone something
  sometimes still such sure take tell ten than that the their theirs them themselves then there these they thing things
  think this those though three through thus to told too toward towards try two under until up upon us very want wants
  was way we well went were what whatever when where whether which while who whom whose why will with within without
  would yes yet you your yours yourself yourselves`.split(/\s+/),
);

/**
 * Suffixes to strip, longest first; the first that fits wins. `min` is the fewest letters the
 * stem must keep; `unless` marks words that only look suffixed ("focus", "family",
 * "experiment"), which go on to the next rule. -ly may leave another suffix (confidently),
 * so its stem is stemmed again. Kept short on purpose: the tests check each rule.
 */
const SUFFIXES: readonly { suffix: string; to: string; min: number; unless?: RegExp }[] = [
  { suffix: 'ations', to: '', min: 3 },
  { suffix: 'ation', to: '', min: 3 },
  { suffix: 'ments', to: '', min: 3, unless: /iments$/ },
  { suffix: 'ment', to: '', min: 3, unless: /iment$/ },
  { suffix: 'ness', to: '', min: 3 },
  { suffix: 'dence', to: 'd', min: 4 },
  { suffix: 'ings', to: '', min: 3 },
  { suffix: 'ing', to: '', min: 3 },
  { suffix: 'ies', to: 'y', min: 2 },
  { suffix: 'ied', to: 'y', min: 2 },
  { suffix: 'dent', to: 'd', min: 4 },
  { suffix: 'ed', to: '', min: 3 },
  { suffix: 'ly', to: '', min: 4, unless: /ily$/ },
  { suffix: 's', to: '', min: 3, unless: /(?:ss|us|is)$/ },
];

/** -ing and -ed double a final consonant: planning → plan, committed → commit. */
const UNDOUBLE = /([bdgkmnprt])\1$/;

/** Reduces a lower-case word to the stem both sides are compared by: changing, changes, change → chang. */
export function stem(word: string): string {
  let base = word;
  for (const { suffix, to, min, unless } of SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < min || unless?.test(word)) continue;
    base = word.slice(0, -suffix.length) + to;
    if (suffix === 'ly') return stem(base);
    if ((suffix.startsWith('ing') || suffix === 'ed') && base.length > 3) base = base.replace(UNDOUBLE, '$1');
    break;
  }
  // A final e comes and goes with suffixes (value, valued, valuing), so it never counts.
  return base.length > 3 && base.endsWith('e') ? base.slice(0, -1) : base;
}

export interface Token {
  stem: string;
  /** The word as written, lower-cased. */
  word: string;
}

/** The words of a text that can say what it is about, in order, each with its stem. */
export function tokenize(text: string): Token[] {
  // Accents go, so "résumé" meets "resume"; curly apostrophes become straight ones.
  const words = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? [];
  const tokens: Token[] = [];
  for (const raw of words) {
    const word = raw.replace(/'s$/, '');
    if (word.includes("'") || word.length < 3 || /^\p{N}+$/u.test(word) || STOP_WORDS.has(word)) continue;
    tokens.push({ stem: stem(word), word });
  }
  return tokens;
}

const stemsOf = (text: string) => new Set(tokenize(text).map((t) => t.stem));

/** Each stem the client used, with the first form and source it appeared in. */
function clientWords(texts: readonly ClientText[]): Map<string, { word: string; from: string }> {
  const words = new Map<string, { word: string; from: string }>();
  for (const { source, text } of texts) {
    for (const token of tokenize(text)) if (!words.has(token.stem)) words.set(token.stem, { word: token.word, from: source });
  }
  return words;
}

type Places = Record<Where, Set<string>>;

function placesOf(item: LibraryItem): Places {
  return {
    // Multi-word terms ("job search", "self-care") match word by word, so "searching for a job" finds them.
    terms: stemsOf(item.terms.join(' ')),
    title: stemsOf(item.title),
    text: stemsOf(`${item.summary} ${item.text}`),
  };
}

/**
 * Stems in the text of more than half the library ("week", "session", "notes"): finding one
 * says nothing about which item fits. They still count in terms and titles, which are chosen.
 */
function commonStems(all: readonly Places[]): Set<string> {
  const counts = new Map<string, number>();
  for (const places of all) for (const s of places.text) counts.set(s, (counts.get(s) ?? 0) + 1);
  return new Set([...counts].filter(([, count]) => count > all.length / 2).map(([s]) => s));
}

/** How one item matches the client's words. A word the client repeats counts once. */
function score(item: LibraryItem, places: Places, common: Set<string>, words: Map<string, { word: string; from: string }>): Suggestion {
  let total = 0;
  const matched: MatchedWord[] = [];
  for (const [wordStem, { word, from }] of words) {
    const found = WHERE_ORDER.filter((where) => places[where].has(wordStem) && !(where === 'text' && common.has(wordStem)));
    if (found.length === 0) continue;
    total += Math.min(WORD_CAP, found.reduce((sum, where) => sum + WEIGHTS[where], 0));
    matched.push(...found.map((where) => ({ word, where, from })));
  }
  matched.sort((a, b) => WHERE_ORDER.indexOf(a.where) - WHERE_ORDER.indexOf(b.where) || compare(a.word, b.word));
  return { item, score: total, matched };
}

/** Code-point order, the same on every machine and locale. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The items that best match the client's words, best first; ties by kind (exercise, inquiry,
 * post), then slug. Items with nothing in common are never suggested, so no words means no
 * suggestions.
 */
export function suggestReading(clientTexts: readonly ClientText[], library: Library, { limit = 3, exclude = [] }: SuggestOptions = {}): Suggestion[] {
  const words = clientWords(clientTexts);
  if (words.size === 0 || limit <= 0) return [];
  const excluded = new Set(exclude);
  const places = library.map(placesOf);
  const common = commonStems(places);
  return library
    .map((item, index) => score(item, places[index]!, common, words))
    .filter((suggestion) => !excluded.has(suggestion.item.slug))
    .filter((suggestion) => suggestion.score > 0)
    .sort((a, b) => b.score - a.score || KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] || compare(a.item.slug, b.item.slug))
    .slice(0, limit);
}
