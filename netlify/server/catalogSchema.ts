/**
 * The shape of the content catalog the functions read (netlify/generated/catalog.json): written
 * by integrations/catalog.ts from the MDX frontmatter, checked again where it is loaded
 * (catalog.ts). Apart from catalog.ts so the integration can use it before the file exists.
 */
import * as z from 'zod/mini';
import { PromptsSchema } from '#src/forms/prompt.ts';

export const CatalogSchema = z.object({
  /** Each exercise by slug: its title (for subjects) and the prompts its response form asks. */
  exercises: z.record(z.string(), z.object({ title: z.string(), prompts: PromptsSchema })),
  /** Each inquiry by slug: its question (for subjects). */
  inquiries: z.record(z.string(), z.object({ question: z.string() })),
  /**
   * Each blog post by slug: its title (for the coach's email about a comment), its publish date
   * (ISO) and whether it is a draft, so a comment is taken only for a post that is live.
   */
  posts: z.record(z.string(), z.object({ title: z.string(), pubDate: z.string(), draft: z.boolean() })),
});

export type Catalog = z.output<typeof CatalogSchema>;

/** The catalog in `json`, or an error naming every place it differs from the schema. */
export function parseCatalog(json: unknown, source: string): Catalog {
  const parsed = z.safeParse(CatalogSchema, json);
  if (!parsed.success) throw new Error(`${source} is not a valid content catalog:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
