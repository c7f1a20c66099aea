/**
 * Addresses under /blog/ that belong to the blog itself, never to a post: its later pages
 * (/blog/page/2/) and its tag pages (/blog/tags/habits/). A post whose file name (or `slug`)
 * took one of them would collide with those pages, so the content model refuses it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';

export const BLOG_PAGES_SEGMENT = 'page';
export const BLOG_TAGS_SEGMENT = 'tags';
const RESERVED = [BLOG_PAGES_SEGMENT, BLOG_TAGS_SEGMENT];

/** Why an entry id is refused, or null when it is free to use. */
export function reservedIdProblem(id: string): string | null {
  const first = id.split('/')[0]!;
  if (!RESERVED.includes(first)) return null;
  return `a post cannot be named "${first}": /blog/${first}/ is where the blog's ${first === BLOG_PAGES_SEGMENT ? 'later pages' : 'tag pages'} live. Rename the file (or its folder, or its slug).`;
}

/**
 * The same loader, refusing entries whose id is reserved before their frontmatter is checked.
 * (A schema only sees the frontmatter, never the id the file name gives.)
 */
export function refusingReservedIds(loader: Loader): Loader {
  return {
    ...loader,
    load: (context: LoaderContext) =>
      loader.load({
        ...context,
        parseData: (props) => {
          const problem = reservedIdProblem(props.id);
          if (!problem) return context.parseData(props);
          const file = props.filePath ? path.relative(fileURLToPath(context.config.root), props.filePath) : props.id;
          throw new Error(`${file}: ${problem}`);
        },
      }),
  };
}
