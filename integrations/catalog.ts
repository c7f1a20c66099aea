/**
 * Writes netlify/generated/catalog.json: each exercise's prompts, each inquiry's question and each
 * post's title and publish date, read from the same MDX frontmatter as the site, for the functions
 * that validate responses, reflections and comments (they run outside Astro and cannot read
 * content collections).
 *
 * Astro validates all of the frontmatter against src/content.config.ts; this checks the few
 * fields the functions need with the same prompt schema (src/forms/prompt.ts), which fills in
 * the same defaults, so the catalog cannot drift from the collection.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import * as z from 'zod/mini';
import { parseContentDate } from '#src/content/contentDate.ts';
import { PromptsSchema } from '#src/forms/prompt.ts';
import type { Catalog } from '#server/catalogSchema.ts';
import { readFrontmatter } from './content/frontmatter.ts';

/** The part of each exercise's frontmatter the functions need, checked by the schema the collection uses. */
const ExerciseFrontmatter = z.object({ title: z.string(), prompts: PromptsSchema });
const InquiryFrontmatter = z.object({ question: z.string() });
/**
 * What the comments function needs of a post: its title, when it goes live and whether it is a
 * draft (the rule of src/utils/isPublished.ts, applied when a comment arrives), and a `slug` that
 * replaces the file name in its address, as Astro's loader does.
 */
const PostFrontmatter = z.object({
  title: z.string(),
  pubDate: z.string().check(z.refine((text) => 'date' in parseContentDate(text), 'must be a date written as YYYY-MM-DD')),
  draft: z.optional(z.boolean()),
  slug: z.optional(z.string()),
});

/**
 * Frontmatter that cannot be read or does not fit. The build stops on it (naming the file and the
 * line); while `npm start` runs, the entry is left out and the content check shows the mistake in the page.
 */
export class FrontmatterError extends Error {
  override name = 'FrontmatterError';
  override stack = '';
}

/** Each entry of a collection, checked by `schema`; a mistake names the file (and, for YAML, the line). */
async function readEntries<T>(root: string, collection: string, schema: z.ZodMiniType<T>, { skipBroken }: { skipBroken: boolean }): Promise<Record<string, T>> {
  const folder = path.join(root, 'src/content', collection);
  const entries: Record<string, T> = {};
  let files: string[];
  try {
    files = await readdir(folder);
  } catch {
    return entries;
  }
  for (const file of files.filter((f) => /\.mdx?$/.test(f)).sort()) {
    const where = path.relative(root, path.join(folder, file));
    const frontmatter = readFrontmatter(await readFile(path.join(folder, file), 'utf8'));
    if (!frontmatter.ok) {
      if (skipBroken) continue;
      throw new FrontmatterError(`${where}, line ${frontmatter.line}: ${frontmatter.message}`);
    }
    const parsed = z.safeParse(schema, frontmatter.data);
    if (!parsed.success) {
      if (skipBroken) continue;
      throw new FrontmatterError(`${where} cannot go in the content catalog:\n${z.prettifyError(parsed.error)}`);
    }
    entries[file.replace(/\.mdx?$/, '')] = parsed.data;
  }
  return entries;
}

/** The catalog of the content under `root`: each exercise's title and prompts (defaults filled in), each inquiry's question. */
export async function readCatalog(root: string, { skipBroken = false } = {}): Promise<Catalog> {
  // The schemas drop every other field, so these are exactly the catalog's entries.
  const exercises = await readEntries(root, 'exercises', ExerciseFrontmatter, { skipBroken });
  const inquiries = await readEntries(root, 'inquiries', InquiryFrontmatter, { skipBroken });
  const posts: Catalog['posts'] = {};
  for (const [file, post] of Object.entries(await readEntries(root, 'blog', PostFrontmatter, { skipBroken }))) {
    const published = parseContentDate(post.pubDate);
    if (!('date' in published)) continue; // refused by the schema above
    posts[post.slug ?? file] = { title: post.title, pubDate: published.date.toISOString(), draft: post.draft ?? false };
  }
  return { exercises, inquiries, posts };
}

export async function writeCatalog(root: string, { skipBroken = false } = {}): Promise<string> {
  const catalog = await readCatalog(root, { skipBroken });
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
      'astro:config:setup': async ({ config, command }) => {
        root = path.resolve(new URL(config.root).pathname);
        // Under `npm start` a broken entry is left out; the content check shows its mistake in the page.
        await writeCatalog(root, { skipBroken: command === 'dev' });
      },
      'astro:server:setup': ({ server, logger }) => {
        server.watcher.on('all', (_event, file) => {
          if (!/src[/\\]content[/\\](exercises|inquiries|blog)[/\\]/.test(file)) return;
          writeCatalog(root, { skipBroken: true }).catch((error: unknown) => logger.warn(error instanceof Error ? error.message : String(error)));
        });
      },
    },
  };
}
