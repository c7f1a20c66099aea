/**
 * Writes netlify/generated/library.json: every published post, exercise and inquiry as a few
 * plain fields (title, summary, terms, the start of the body as words) for the coach's desk,
 * whose functions suggest and send them (they run outside Astro and cannot read content
 * collections).
 *
 * Astro itself validates the frontmatter against src/content.config.ts; this only copies what
 * the desk needs. Drafts and future-dated posts are left out by the production rule even while
 * `npm start` previews them: a suggestion goes to a real client, and the live site has no page
 * for a draft.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { readFrontmatter } from './content/frontmatter.ts';
import type { Library, LibraryItem, LibraryKind } from '#server/reading/library.ts';
import { isPublished } from '#src/utils/isPublished.ts';

/** How much of a body the desk compares against: enough to know what it is about. */
export const TEXT_WORDS = 400;

const SOURCES = [
  { kind: 'post', folder: 'blog', title: 'title', summary: 'description', terms: 'tags' },
  { kind: 'exercise', folder: 'exercises', title: 'title', summary: 'summary', terms: 'focus' },
  { kind: 'inquiry', folder: 'inquiries', title: 'question', summary: 'context', terms: 'themes' },
] as const satisfies readonly { kind: LibraryKind; folder: string; title: string; summary: string; terms: string }[];

/** Markdown, MDX and JSX that is not prose, in the order it must go: code before tags, tags before links. */
const NOT_PROSE: [RegExp, string][] = [
  [/```[\s\S]*?```|~~~[\s\S]*?~~~/g, ' '], // fenced code
  [/^(?:import|export)\s.*$/gm, ' '], // MDX module lines
  [/<!--[\s\S]*?-->/g, ' '], // HTML comments
  [/\{[^{}]*\}/g, ' '], // JSX expressions and {/* comments */}
  [/<\/?[A-Za-z][^<>]*>/g, ' '], // HTML and JSX tags (their children stay)
  [/!\[[^\]]*\]\([^)]*\)/g, ' '], // images
  [/\[([^\]]*)\]\([^)]*\)/g, '$1'], // links keep their words
  [/\[([^\]]*)\]\[[^\]]*\]/g, '$1'], // reference links too
  [/^\s*\[[^\]]+\]:\s*\S+.*$/gm, ' '], // reference definitions
  [/^\s{0,3}(?:#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, ''], // heading, quote and list markers
  [/^\s*(?:[-*_]\s*){3,}$/gm, ' '], // horizontal rules
  [/(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, ''], // _emphasis_, but not snake_case
  [/[*~`|\\]+/g, ''], // other emphasis, code, table and escape marks
];

/** The body as plain words, at most `limit` of them. */
export function plainWords(body: string, limit: number = TEXT_WORDS): string {
  const prose = NOT_PROSE.reduce((rest, [pattern, replacement]) => rest.replace(pattern, replacement), body);
  return prose.split(/\s+/).filter(Boolean).slice(0, limit).join(' ');
}

interface Entry {
  slug: string;
  data: Record<string, unknown>;
  body: string;
}

async function readEntries(folder: string): Promise<Entry[]> {
  let files: string[];
  try {
    files = await readdir(folder);
  } catch {
    return [];
  }
  const entries: Entry[] = [];
  for (const file of files.filter((f) => /\.mdx?$/.test(f)).sort()) {
    const source = await readFile(path.join(folder, file), 'utf8');
    const frontmatter = readFrontmatter(source);
    // A file with a mistake is left out; the content check names it (and stops a build).
    if (!frontmatter.ok) continue;
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
    entries.push({ slug: file.replace(/\.mdx?$/, ''), data: frontmatter.data, body: source.slice(match?.[0].length ?? 0) });
  }
  return entries;
}

/** A YAML date comes back as a string ("2026-08-11"); read it as Astro's z.coerce.date() does. */
function pubDateOf(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(String(value));
  // A date Astro would refuse never counts as published.
  return Number.isNaN(date.getTime()) ? new Date(Number.POSITIVE_INFINITY) : date;
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() ? value.trim() : fallback);

/** The published library as of `now`, ordered by kind then slug. */
export async function buildLibrary(root: string, now: Date): Promise<Library> {
  const content = path.join(root, 'src/content');
  const items: LibraryItem[] = [];
  for (const source of SOURCES) {
    for (const { slug, data, body } of await readEntries(path.join(content, source.folder))) {
      const publishable = { data: { draft: data.draft === true, pubDate: pubDateOf(data.pubDate) } };
      if (!isPublished(publishable, { preview: false, now })) continue;
      const terms = data[source.terms];
      items.push({
        kind: source.kind,
        slug,
        title: text(data[source.title], slug),
        url: `/${source.folder}/${slug}/`,
        summary: text(data[source.summary], text(data[source.title], slug)),
        terms: Array.isArray(terms) ? terms.filter((t): t is string => typeof t === 'string' && t.trim() !== '').map((t) => t.trim()) : [],
        text: plainWords(body),
      });
    }
  }
  return items;
}

export async function writeLibrary(root: string, now: Date): Promise<string> {
  const target = path.join(root, 'netlify/generated/library.json');
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(await buildLibrary(root, now), null, 2)}\n`);
  return target;
}

/** Keeps the library current for every Astro command, and while `npm start` watches content. */
export function libraryIntegration(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'unstuck:library',
    hooks: {
      'astro:config:setup': async ({ config }) => {
        root = path.resolve(new URL(config.root).pathname);
        // The build's own moment: a post dated later appears with the next build, as on the site.
        await writeLibrary(root, new Date());
      },
      'astro:server:setup': ({ server }) => {
        server.watcher.on('all', (_event, file) => {
          if (/src[/\\]content[/\\](blog|exercises|inquiries)[/\\]/.test(file)) void writeLibrary(root, new Date());
        });
      },
    },
  };
}
