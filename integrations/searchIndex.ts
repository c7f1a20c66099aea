/**
 * Builds the search index into dist/pagefind/ once the site is built, with Pagefind's Node API
 * (its binary comes with the npm package and runs offline). Only what a page marks with
 * data-pagefind-body is indexed: posts, exercises and inquiries (each with a `kind` filter), so
 * thank-you pages, forms and everything a client sends stay out. Forms inside those pages are
 * left out too. The search page (src/pages/search.astro) loads the index lazily.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex } from 'pagefind';

/** Where the index is written, under the built site; the search page loads it from here. */
export const SEARCH_INDEX_FOLDER = 'pagefind';

/** Never indexed, even inside a marked page: answers are typed into forms, not read from them. */
const NOT_INDEXED = ['form'];

function failed(step: string, errors: readonly string[]): Error {
  return new Error(`Building the search index failed while ${step}: ${errors.join('; ')}`);
}

/** Indexes the built site in `site` and writes the index next to it. Returns how many pages it indexed. */
export async function writeSearchIndex(site: string): Promise<number> {
  try {
    const { index, errors } = await createIndex({ excludeSelectors: NOT_INDEXED });
    if (!index) throw failed('starting', errors);
    const added = await index.addDirectory({ path: site });
    if (added.errors.length > 0) throw failed('reading the pages', added.errors);
    const written = await index.writeFiles({ outputPath: `${site.replace(/\/$/, '')}/${SEARCH_INDEX_FOLDER}` });
    if (written.errors.length > 0) throw failed('writing the index', written.errors);
    return added.page_count;
  } finally {
    await close();
  }
}

export function searchIndexIntegration(): AstroIntegration {
  return {
    name: 'unstuck:search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const pages = await writeSearchIndex(fileURLToPath(dir));
        logger.info(`Indexed ${pages} pages for search`);
      },
    },
  };
}
