import { existsSync } from 'node:fs';
import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { SITE } from './site.config';
import { FOCUSES, WHEN } from './content/taxonomy';
import { refusingReservedIds } from './content/reservedIds';

/** A slug-like id: lowercase letters, digits and dashes. */
const promptId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and dashes, like "top-values"');

/**
 * A reference to another entry that must exist on disk. Astro's reference() alone does not
 * check this while building (an unknown id only surfaces later as a missing page), so a typo
 * fails the build here instead, naming the id that was not found.
 */
function existingReference(collection: 'exercises') {
  const folder = new URL(`./content/${collection}/`, import.meta.url);
  return z
    .string()
    .refine((id) => ['md', 'mdx'].some((ext) => existsSync(new URL(`${id}.${ext}`, folder))), {
      error: (issue) => `there is no ${collection} entry "${String(issue.input)}" (looked for src/content/${collection}/${String(issue.input)}.mdx)`,
    })
    .pipe(reference(collection));
}

const blog = defineCollection({
  // No post may take /blog/page/… or /blog/tags/…: those addresses are the blog's own pages.
  loader: refusingReservedIds(glob({ pattern: '**/*.{md,mdx}', base: './src/content/blog' })),
  schema: ({ image }) =>
    z.object({
      /** The post's headline, shown on the page, in listings and in search results. */
      title: z.string().min(1),
      /** One or two sentences for listings, RSS and social cards. */
      description: z.string().min(1),
      /** The day the post goes live (YYYY-MM-DD). A future date keeps it hidden until then. */
      pubDate: z.coerce.date(),
      /** The day of the last meaningful change (YYYY-MM-DD), if any. */
      updatedDate: z.coerce.date().optional(),
      /** Who wrote it; defaults to the coach in site.config.ts. */
      author: z.string().default(SITE.coachName),
      /** Topics, lowercase, e.g. ["job search", "confidence"]. Each gets a tag page. */
      tags: z.array(z.string().min(1)).default([]),
      /** true keeps the post out of the production site (it still shows with `npm start`). */
      draft: z.boolean().default(false),
      /** Optional picture at the top of the post, stored next to the post file. */
      heroImage: image().optional(),
      /** Describes the hero image for people who cannot see it. Required with heroImage. */
      heroAlt: z.string().optional(),
    }).refine((post) => !post.heroImage || post.heroAlt, {
      message: 'a heroImage needs heroAlt text describing it',
      path: ['heroAlt'],
    }),
});

const exercises = defineCollection({
  loader: glob({ pattern: '**/*.{md,mdx}', base: './src/content/exercises' }),
  schema: z.object({
    /** The exercise's name. */
    title: z.string().min(1),
    /** One or two sentences: what the client gets out of it. */
    summary: z.string().min(1),
    /** What it works on: one or more of clarity, confidence, goals, strengths, values, habits, job-search. */
    focus: z.array(z.enum(FOCUSES)).min(1, 'give at least one focus'),
    /** When it is done: in-session, between-sessions or either. */
    when: z.enum(WHEN),
    /** About how many minutes it takes. */
    minutes: z.number().int().positive().max(600),
    /** The questions the client answers in the response form. */
    prompts: z
      .array(
        z.object({
          /** Stable id, used to store answers. Never rename once clients have answered. */
          id: promptId,
          /** The question as the client sees it. */
          question: z.string().min(1, 'every prompt needs a question'),
          /** Optional help shown under the question. */
          hint: z.string().optional(),
          /** "short" for a line, "long" for a paragraph or more. */
          answer: z.enum(['short', 'long']).default('long'),
          /** false lets the client leave it blank. */
          required: z.boolean().default(true),
        }),
      )
      .min(1, 'give at least one prompt')
      .superRefine((prompts, ctx) => {
        const seen = new Set<string>();
        prompts.forEach((prompt, index) => {
          if (seen.has(prompt.id)) {
            ctx.addIssue({
              code: 'custom',
              message: `two prompts share the id "${prompt.id}"; each id must be unique`,
              path: [index, 'id'],
            });
          }
          seen.add(prompt.id);
        });
      }),
    /** Questions to talk through in the next session, after the client has done it. */
    debrief: z.array(z.string().min(1)).default([]),
    /** true keeps the exercise out of the production site. */
    draft: z.boolean().default(false),
  }),
});

const inquiries = defineCollection({
  loader: glob({ pattern: '**/*.{md,mdx}', base: './src/content/inquiries' }),
  schema: z.object({
    /** The open question the client sits with between sessions. */
    question: z.string().min(1),
    /** A sentence or two of context: when this question helps. */
    context: z.string().min(1),
    /** Topics it touches, lowercase, e.g. ["self-care", "work"]. */
    themes: z.array(z.string().min(1)).min(1, 'give at least one theme'),
    /** File names (without .mdx) of exercises that pair well with it. Each must exist. */
    relatedExercises: z.array(existingReference('exercises')).default([]),
    /** true keeps the inquiry out of the production site. */
    draft: z.boolean().default(false),
  }),
});

export const collections = { blog, exercises, inquiries };
