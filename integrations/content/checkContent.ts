/**
 * Checks content files against the content model (src/content/schemas.ts, the schemas Astro
 * uses) and says what is wrong in plain words, with the file and the line: one problem per
 * mistake, each a sentence with what to do.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'astro/zod';
import { blogSchema, COLLECTIONS, exerciseSchema, inquirySchema, type CollectionName } from '#src/content/schemas.ts';
import { describeIssue } from './describeIssue.ts';
import { readFrontmatter } from './frontmatter.ts';

export interface ContentProblem {
  /** The file, from the project's root: src/content/blog/first-90-days.mdx. */
  file: string;
  collection: CollectionName;
  /** The entry's address part, as Astro's glob loader makes it from the file name. */
  slug: string;
  line: number;
  /** One sentence naming the field: what is wrong and what to do. */
  message: string;
}

const ENTRY_FILE = /\.mdx?$/;

/** Where the check looks for pictures (Astro's image() in the real schema): next to the entry. */
function pictureNextTo(file: string) {
  return z.string().refine((src) => existsSync(path.resolve(path.dirname(file), src)), {
    error: (issue) => `names "${String(issue.input)}", but there is no such file next to the post; put the picture in the same folder and write heroImage: ./file-name.jpg`,
  });
}

function schemaFor(collection: CollectionName, file: string, contentDir: string) {
  const contentUrl = pathToFileURL(`${contentDir}${path.sep}`);
  if (collection === 'blog') return blogSchema(pictureNextTo(file));
  if (collection === 'exercises') return exerciseSchema();
  return inquirySchema(contentUrl, z.string());
}

/** The id Astro's glob loader gives a file (github-slugger on each part of its path), for ordinary names. */
export function slugOf(relativeToCollection: string, data: Record<string, unknown> = {}): string {
  if (typeof data.slug === 'string' && data.slug) return data.slug;
  return relativeToCollection
    .replace(ENTRY_FILE, '')
    .split(/[/\\]/)
    .map((part) => part.toLowerCase().trim().replace(/\s+/g, '-').replace(/[^\p{L}\p{N}_-]/gu, ''))
    .join('/')
    .replace(/\/index$/, '');
}

/** The collection a file belongs to and its path inside it, or undefined for any other file. */
export function entryOf(root: string, file: string): { collection: CollectionName; inside: string } | undefined {
  const relative = path.relative(path.join(root, 'src/content'), path.resolve(root, file));
  const [collection, ...rest] = relative.split(path.sep);
  if (!COLLECTIONS.includes(collection as CollectionName) || rest.length === 0 || !ENTRY_FILE.test(relative)) return undefined;
  return { collection: collection as CollectionName, inside: rest.join('/') };
}

/** The problems of one entry file (none when it is fine, or is not an entry). */
export async function checkFile(root: string, file: string): Promise<ContentProblem[]> {
  const entry = entryOf(root, file);
  if (!entry) return [];
  const absolute = path.resolve(root, file);
  const where = { file: path.relative(root, absolute).split(path.sep).join('/'), collection: entry.collection };
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch {
    return []; // deleted since it was listed: nothing to report
  }
  const frontmatter = readFrontmatter(text);
  if (!frontmatter.ok) return [{ ...where, slug: slugOf(entry.inside), line: frontmatter.line, message: frontmatter.message }];
  const slug = slugOf(entry.inside, frontmatter.data);
  const parsed = schemaFor(entry.collection, absolute, path.join(root, 'src/content')).safeParse(frontmatter.data, { reportInput: true, error: () => '' });
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({
    ...where,
    slug,
    line: frontmatter.lineOf(issue.path),
    message: describeIssue(issue),
  }));
}

/** Every entry file of every collection, from the project's root. */
export async function listEntryFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  for (const collection of COLLECTIONS) {
    const folder = path.join(root, 'src/content', collection);
    const found = await readdir(folder, { recursive: true }).catch(() => [] as string[]);
    files.push(...found.filter((name) => ENTRY_FILE.test(name)).sort().map((name) => path.join(folder, name)));
  }
  return files;
}

export async function checkContent(root: string): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  for (const file of await listEntryFiles(root)) problems.push(...(await checkFile(root, file)));
  return problems;
}

/** "src/content/exercises/x.mdx, line 9: The 2nd prompt has no question: add "question: …" to it." */
export const problemLine = (problem: ContentProblem) => `${problem.file}, line ${problem.line}: ${problem.message}`;
