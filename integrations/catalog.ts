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
import { parse } from 'yaml';

interface PromptFrontmatter {
  id: string;
  question: string;
  hint?: string;
  answer?: 'short' | 'long';
  required?: boolean;
}

async function readFrontmatter(folder: string): Promise<Map<string, Record<string, unknown>>> {
  const entries = new Map<string, Record<string, unknown>>();
  let files: string[];
  try {
    files = await readdir(folder);
  } catch {
    return entries;
  }
  for (const file of files.filter((f) => /\.mdx?$/.test(f)).sort()) {
    const text = await readFile(path.join(folder, file), 'utf8');
    const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    const data: unknown = match ? parse(match[1]!) : {};
    if (typeof data === 'object' && data !== null) entries.set(file.replace(/\.mdx?$/, ''), data as Record<string, unknown>);
  }
  return entries;
}

export async function writeCatalog(root: string): Promise<string> {
  const content = path.join(root, 'src/content');
  const exercises = Object.fromEntries(
    [...(await readFrontmatter(path.join(content, 'exercises')))].map(([slug, data]) => [
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
    [...(await readFrontmatter(path.join(content, 'inquiries')))].map(([slug, data]) => [slug, { question: String(data.question ?? slug) }]),
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
      'astro:config:setup': async ({ config }) => {
        root = path.resolve(new URL(config.root).pathname);
        await writeCatalog(root);
      },
      'astro:server:setup': ({ server }) => {
        server.watcher.on('all', (_event, file) => {
          if (/src[/\\]content[/\\](exercises|inquiries)[/\\]/.test(file)) void writeCatalog(root);
        });
      },
    },
  };
}
