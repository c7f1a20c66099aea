/**
 * Writes netlify/generated/catalog.json: each exercise's prompts and each inquiry's question,
 * read from the same MDX frontmatter as the site, for the functions that validate responses
 * and reflections (they run outside Astro and cannot read content collections).
 *
 * Astro validates all of the frontmatter against src/content.config.ts; this checks the few
 * fields the functions need with the same prompt schema (src/forms/prompt.ts), which fills in
 * the same defaults, so the catalog cannot drift from the collection.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { parse } from 'yaml';
import * as z from 'zod/mini';
import { PromptsSchema } from '../src/forms/prompt.ts';
import type { Catalog } from '../netlify/server/catalogSchema.ts';

/** The part of each exercise's frontmatter the functions need, checked by the schema the collection uses. */
const ExerciseFrontmatter = z.object({ title: z.string(), prompts: PromptsSchema });
const InquiryFrontmatter = z.object({ question: z.string() });

/** Each entry's frontmatter in a content folder, by slug, as it is written (unchecked). */
async function readFrontmatter(folder: string): Promise<Map<string, unknown>> {
  const entries = new Map<string, unknown>();
  let files: string[];
  try {
    files = await readdir(folder);
  } catch {
    return entries;
  }
  for (const file of files.filter((f) => /\.mdx?$/.test(f)).sort()) {
    const text = await readFile(path.join(folder, file), 'utf8');
    const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    entries.set(file, match ? parse(match[1]!) : {});
  }
  return entries;
}

/** Each entry of a collection, checked by `schema`; a mistake names the file and the field, as Astro would. */
async function readEntries<T>(root: string, collection: string, schema: z.ZodMiniType<T>): Promise<Record<string, T>> {
  const folder = path.join(root, 'src/content', collection);
  const entries: Record<string, T> = {};
  for (const [file, frontmatter] of await readFrontmatter(folder)) {
    const parsed = z.safeParse(schema, frontmatter);
    if (!parsed.success) {
      throw new Error(`src/content/${collection}/${file} cannot go in the content catalog:\n${z.prettifyError(parsed.error)}`);
    }
    entries[file.replace(/\.mdx?$/, '')] = parsed.data;
  }
  return entries;
}

/** The catalog of the content under `root`: each exercise's title and prompts (defaults filled in), each inquiry's question. */
export async function readCatalog(root: string): Promise<Catalog> {
  // The schemas drop every other field, so these are exactly the catalog's entries.
  const exercises = await readEntries(root, 'exercises', ExerciseFrontmatter);
  const inquiries = await readEntries(root, 'inquiries', InquiryFrontmatter);
  return { exercises, inquiries };
}

export async function writeCatalog(root: string): Promise<string> {
  const catalog = await readCatalog(root);
  const target = path.join(root, 'netlify/generated/catalog.json');
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(catalog, null, 2)}\n`);
  return target;
}

/** Keeps the catalog current for every Astro command, and while `npm start` watches content. */
export function catalogIntegration(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'unstuck:catalog',
    hooks: {
      'astro:config:setup': async ({ config }) => {
        root = path.resolve(new URL(config.root).pathname);
        await writeCatalog(root);
      },
      'astro:server:setup': ({ server, logger }) => {
        server.watcher.on('all', (_event, file) => {
          if (!/src[/\\]content[/\\](exercises|inquiries)[/\\]/.test(file)) return;
          // A file half-way through an edit keeps the last good catalog; Astro shows the mistake too.
          writeCatalog(root).catch((error: unknown) => logger.warn(error instanceof Error ? error.message : String(error)));
        });
      },
    },
  };
}
