/**
 * The collections Astro builds pages from. Their fields, with a comment each, are in
 * src/content/schemas.ts, shared with the content check that reports mistakes in plain words.
 */
import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { blogSchema, exerciseSchema, inquirySchema } from './content/schemas.ts';
import { refusingReservedIds } from './content/reservedIds.ts';
import { startDespiteMistakes } from './content/startDespiteMistakes.ts';

const CONTENT_DIR = new URL('./content/', import.meta.url);

const blog = defineCollection({
  // No post may take /blog/page/… or /blog/tags/…: those addresses are the blog's own pages.
  loader: startDespiteMistakes(refusingReservedIds(glob({ pattern: '**/*.{md,mdx}', base: './src/content/blog' }))),
  schema: ({ image }) => blogSchema(image()),
});

const exercises = defineCollection({
  loader: startDespiteMistakes(glob({ pattern: '**/*.{md,mdx}', base: './src/content/exercises' })),
  schema: exerciseSchema(),
});

const inquiries = defineCollection({
  loader: startDespiteMistakes(glob({ pattern: '**/*.{md,mdx}', base: './src/content/inquiries' })),
  schema: inquirySchema(CONTENT_DIR, reference('exercises')),
});

export const collections = { blog, exercises, inquiries };
