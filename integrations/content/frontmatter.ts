/**
 * Reads a content file's frontmatter as the coach wrote it: YAML 1.2, so dates stay the text they
 * were (see src/content/contentDate.ts), with the line of every value, and a YAML mistake turned
 * into one sentence that names the line and says what to do.
 */
import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';

/** The same frontmatter Astro reads (@astrojs/internal-helpers/frontmatter): between the first two `---` lines. */
const FRONTMATTER = /(?:^\uFEFF?|^\s*\n)---([\s\S]*?\n)---/;

export type Frontmatter =
  | { ok: true; data: Record<string, unknown>; lineOf(path: readonly PropertyKey[]): number }
  | { ok: false; line: number; message: string };

export function readFrontmatter(text: string): Frontmatter {
  const match = FRONTMATTER.exec(text);
  if (!match) return { ok: true, data: {}, lineOf: () => 1 };
  // Line 1 of the YAML below is the rest of the opening `---` line.
  const linesBefore = text.slice(0, match.index + match[0].indexOf('---')).split('\n').length - 1;
  const raw = match[1]!;
  const lineCounter = new LineCounter();
  const doc = parseDocument(raw, { lineCounter });
  const error = doc.errors[0];
  if (error) return { ok: false, ...describeYamlError(error, raw, linesBefore) };
  const data = doc.toJS() as unknown;
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
    return { ok: false, line: linesBefore + 2, message: 'The frontmatter must be fields, one a line, like "title: My title"; it is not.' };
  }
  return { ok: true, data: (data ?? {}) as Record<string, unknown>, lineOf: (path) => linesBefore + lineIn(doc, lineCounter, path) };
}

/** The line (within the YAML) of the value at `path`, or of the nearest thing around it that exists. */
function lineIn(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length) as unknown[], true);
    const start = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
    if (start !== undefined) return lineCounter.linePos(start).line;
  }
  return 2;
}

/** The line of the last `[` or `{` on a line that does not close it, before `line`. */
function unclosedBracketLine(lines: string[], before: number): number | undefined {
  for (let index = Math.min(before, lines.length) - 1; index >= 0; index--) {
    const line = lines[index]!.replace(/"[^"]*"|'[^']*'/g, '');
    if ((line.match(/[[{]/g)?.length ?? 0) > (line.match(/[\]}]/g)?.length ?? 0)) return index + 1;
  }
  return undefined;
}

/** One sentence for the first YAML mistake: where, what, and what to write instead. */
function describeYamlError(error: YAMLError, raw: string, linesBefore: number): { line: number; message: string } {
  const lines = raw.split('\n');
  const at = error.linePos?.[0].line ?? 2;
  const text = (line: number) => lines[line - 1]?.trim() ?? '';
  const where = (line: number) => ({ line: linesBefore + line });

  if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && /^[\w-]+:\s/.test(text(at))) {
    const [, key, value] = /^([\w-]+):\s+(.*)$/.exec(text(at))!;
    return {
      ...where(at),
      message: `The value of ${key} contains a colon followed by a space, which YAML reads as a second field. Put the value in double quotes: ${key}: "${value!.replace(/"/g, '\\"')}"`,
    };
  }
  if (/end with a [\]}]|flow (sequence|collection|map)/i.test(error.message) || error.code === 'MISSING_CHAR' && /[\]}]/.test(error.message)) {
    const open = unclosedBracketLine(lines, at) ?? at;
    const closer = text(open).includes('{') && !text(open).includes('[') ? '}' : ']';
    return { ...where(open), message: `A list opened with "${closer === ']' ? '[' : '{'}" is not closed: end it with "${closer}" on the same line, like tags: [career, habits]` };
  }
  if (error.code === 'MISSING_CHAR' && /quote/i.test(error.message)) {
    const open = [...lines.keys()].reverse().find((index) => index < at && (lines[index]!.match(/"/g)?.length ?? 0) % 2 === 1);
    return { ...where(open === undefined ? at : open + 1), message: 'A quoted value has no closing quote: end it with the same quote mark it starts with.' };
  }
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^([\w-]+):/.exec(text(at))?.[1];
    return { ...where(at), message: `${key ?? 'A field'} appears twice; keep only one of them.` };
  }
  if (error.code === 'TAB_AS_INDENT') return { ...where(at), message: 'This line is indented with a tab; YAML needs spaces.' };
  const what = error.message.split(' at line ')[0]!.replace(/\.$/, '');
  return {
    ...where(at),
    message: `This line is not valid YAML (${what}). Check its indentation, and put a value in double quotes if it contains ": " or starts with [, {, ", ', *, & or !.`,
  };
}
