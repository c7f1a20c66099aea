import { SITE } from '../site.config';

/** Markdown and MDX syntax that is not read aloud: code fences, tags, link targets, symbols. */
const NOT_WORDS = [
  /```[\s\S]*?```/g, // fenced code
  /^(import|export)\s.*$/gm, // MDX module lines
  /<[^>]+>/g, // HTML and JSX tags
  /\]\([^)]*\)/g, // link and image targets
  /[#>*_`~[\]|-]/g, // markdown punctuation
];

/** Counts the words a reader actually reads in a Markdown/MDX body. */
export function countWords(body: string): number {
  const text = NOT_WORDS.reduce((rest, pattern) => rest.replace(pattern, ' '), body);
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Whole minutes to read, never less than one. */
export function readingMinutes(body: string, wordsPerMinute: number = SITE.wordsPerMinute): number {
  return Math.max(1, Math.ceil(countWords(body) / wordsPerMinute));
}
