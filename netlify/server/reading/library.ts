/**
 * What the coach can send a client from the desk: every published post, exercise and inquiry.
 * Functions are bundled outside Astro and cannot query content collections, so
 * integrations/library.ts writes netlify/generated/library.json from the same MDX files
 * whenever Astro starts (dev, build, check, sync); this checks it before anything reads it.
 */
import * as z from 'zod/mini';
import generated from '#generated/library.json' with { type: 'json' };
import { fail, ok, type Result } from '../result.ts';

export const LIBRARY_KINDS = ['post', 'exercise', 'inquiry'] as const;

/** The path each kind's pages live under on the site. */
export const KIND_FOLDERS = { post: 'blog', exercise: 'exercises', inquiry: 'inquiries' } as const satisfies Record<(typeof LIBRARY_KINDS)[number], string>;

const nonEmpty = () => z.string().check(z.minLength(1));

export const LibraryItemSchema = z.object({
  kind: z.enum(LIBRARY_KINDS),
  /** The file name without .mdx, unique within its kind. */
  slug: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)),
  /** A post's or exercise's title; an inquiry's question. */
  title: nonEmpty(),
  /**
   * The page on the site, relative to SITE_URL. Only these three shapes, so a bad file can never
   * put another site or a javascript: address into an email.
   */
  url: z.string().check(z.regex(/^\/(?:blog|exercises|inquiries)\/[a-z0-9]+(?:-[a-z0-9]+)*\/$/)),
  /** A post's description, an exercise's summary, an inquiry's context. */
  summary: nonEmpty(),
  /** A post's tags, an exercise's focus, an inquiry's themes. */
  terms: z.array(nonEmpty()),
  /** The start of the body as plain words, without Markdown, MDX or JSX. */
  text: z.string(),
});

export const LibrarySchema = z.array(LibraryItemSchema);

export type LibraryItem = z.infer<typeof LibraryItemSchema>;
export type LibraryKind = LibraryItem['kind'];
export type Library = LibraryItem[];

/** The generated file does not have the shape this code expects: rebuild (`npm run build`). */
export interface LibraryUnreadable {
  name: 'library_unreadable';
  /** Where the first problem is, e.g. "3.url": an index and a field, never content. */
  at: string;
}

/** Checks a library; by default the one generated for this build. */
export function readLibrary(data: unknown = generated): Result<Library, LibraryUnreadable> {
  const parsed = LibrarySchema.safeParse(data);
  if (parsed.success) return ok(parsed.data);
  const at = parsed.error.issues[0]?.path.map(String).join('.') ?? '';
  return fail({ name: 'library_unreadable', at });
}
