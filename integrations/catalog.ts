/**
 * Writes netlify/generated/catalog.json: each exercise's prompts and each inquiry's question,
 * read from the same MDX frontmatter as the site, for the functions that validate responses
 * and reflections (they run outside Astro and cannot read content collections).
 *
 * Astro itself validates the frontmatter against src/content.config.ts; this only copies the
 * few fields the functions need, applying the same defaults.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { readFrontmatter } from './content/frontmatter.ts';

interface PromptFrontmatter {
  id: string;
  question: string;
  hint?: string;
  answer?: 'short' | 'long';
  required?: boolean;
}

/**
 * Frontmatter that cannot be read. The build stops on it (naming the file and the line); while
 * `npm start` runs, the entry is left out and the content check shows the mistake in the page.
 */
export class FrontmatterError extends Error {
  override name = 'FrontmatterError';
  override stack = '';
}

async function readEntries(root: string, folder: string, { skipBroken }: { skipBroken: boolean }): Promise<Map<string, Record<string, unknown>>> {
  const entries = new Map<string, Record<string, unknown>>();
  let files: string[];
  try {
    files = await readdir(folder);
  } catch {
    return entries;
  }
  for (const file of files.filter((f) => /\.mdx?$/.test(f)).sort()) {
    const frontmatter = readFrontmatter(await readFile(path.join(folder, file), 'utf8'));
    if (!frontmatter.ok) {
      if (skipBroken) continue;
      throw new FrontmatterError(`${path.relative(root, path.join(folder, file))}, line ${frontmatter.line}: ${frontmatter.message}`);
    }
    entries.set(file.replace(/\.mdx?$/, ''), frontmatter.data);
  }
  return entries;
}

export async function writeCatalog(root: string, { skipBroken = false } = {}): Promise<string> {
  const content = path.join(root, 'src/content');
  const exercises = Object.fromEntries(
    [...(await readEntries(root, path.join(content, 'exercises'), { skipBroken }))].map(([slug, data]) => [
      slug,
      {
        title: String(data.title ?? slug),
        prompts: ((data.prompts as PromptFrontmatter[] | undefined) ?? []).map((p) => ({
          id: p.id,
          question: p.question,
          ...(p.hint ? { hint: p.hint } : {}),
          answer: p.answer ?? 'long',
          required: p.required ?? true,
        })),
      },
    ]),
  );
  const inquiries = Object.fromEntries(
    [...(await readEntries(root, path.join(content, 'inquiries'), { skipBroken }))].map(([slug, data]) => [slug, { question: String(data.question ?? slug) }]),
  );
  const target = path.join(root, 'netlify/generated/catalog.json');
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify({ exercises, inquiries }, null, 2)}\n`);
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
        await writeCatalog(root, { skipBroken: command === 'dev' });
      },
      'astro:server:setup': ({ server }) => {
        server.watcher.on('all', (_event, file) => {
          if (/src[/\\]content[/\\](exercises|inquiries)[/\\]/.test(file)) void writeCatalog(root, { skipBroken: true });
        });
      },
    },
  };
}
