/**
 * The content model: every frontmatter field of a post, an exercise and an inquiry, with a
 * comment for whoever edits it. src/content.config.ts hands these to Astro; the content check
 * (integrations/content/checkContent.ts) runs the very same schemas over every file, so that a
 * mistake is reported in plain words, with its line, in the terminal, the build and the browser.
 *
 * Messages given here follow the field's name ("focus needs at least one value…"); the check's
 * formatter (integrations/content/describeIssue.ts) writes the rest.
 */
import { existsSync } from 'node:fs';
import { z } from 'astro/zod';
import { PromptsSchema } from '../forms/prompt.ts';
import { SITE } from '../site.config.ts';
import { contentDate } from './contentDate.ts';
import { FOCUSES, WHEN } from './taxonomy.ts';

/** The folders of src/content that hold entries, each published under its own address. */
export const COLLECTIONS = ['blog', 'exercises', 'inquiries'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/**
 * The name of an exercise that must exist on disk, made into what pages need by `reference`
 * (Astro's reference('exercises') in the content config). Astro's reference() alone does not
 * check this while building (an unknown id only surfaces later as a missing page).
 */
function existingExercise<Reference extends z.ZodType<unknown, string>>(contentDir: URL, reference: Reference) {
  const folder = new URL('./exercises/', contentDir);
  return z
    .string()
    .refine((id) => ['md', 'mdx'].some((ext) => existsSync(new URL(`${id}.${ext}`, folder))), {
      error: (issue) =>
        `names "${String(issue.input)}", but there is no exercise with that file name (looked for src/content/exercises/${String(issue.input)}.mdx)`,
    })
    .pipe(reference);
}

export function blogSchema<Image extends z.ZodType>(image: Image) {
  return z
    .object({
      /** The post's headline, shown on the page, in listings and in search results. */
      title: z.string().min(1),
      /** One or two sentences for listings, RSS and social cards. */
      description: z.string().min(1),
      /** The day the post goes live, written YYYY-MM-DD. A future date keeps it hidden until then. */
      pubDate: contentDate,
      /** The day of the last meaningful change (YYYY-MM-DD), if any. */
      updatedDate: contentDate.optional(),
      /** Who wrote it; defaults to the coach in site.config.ts. */
      author: z.string().default(SITE.coachName),
      /** Topics, lowercase, e.g. ["job search", "confidence"]. Each gets a tag page. */
      tags: z.array(z.string().min(1)).default([]),
      /** true keeps the post out of the production site (it still shows with `npm start`). */
      draft: z.boolean().default(false),
      /** Optional picture at the top of the post, stored next to the post file. */
      heroImage: image.optional(),
      /** Describes the hero image for people who cannot see it. Required with heroImage. */
      heroAlt: z.string().optional(),
    })
    .refine((post) => !post.heroImage || post.heroAlt, {
      message: 'is needed with a heroImage: describe the picture for people who cannot see it, e.g. heroAlt: A desk by a window.',
      path: ['heroAlt'],
    });
}

export function exerciseSchema() {
  return z.object({
    /** The exercise's name. */
    title: z.string().min(1),
    /** One or two sentences: what the client gets out of it. */
    summary: z.string().min(1),
    /** What it works on: one or more of clarity, confidence, goals, strengths, values, habits, job-search. */
    focus: z.array(z.enum(FOCUSES)).min(1, `needs at least one value, like [values]; choose from ${FOCUSES.join(', ')}`),
    /** When it is done: in-session, between-sessions or either. */
    when: z.enum(WHEN),
    /** About how many minutes it takes. */
    minutes: z.number().int().positive().max(600),
    /** The questions the client answers in the response form. */
    /** The questions the client answers in the response form (src/forms/prompt.ts: one prompt schema for content, catalog and form). */
    prompts: PromptsSchema,
    /** Questions to talk through in the next session, after the client has done it. */
    debrief: z.array(z.string().min(1)).default([]),
    /** true keeps the exercise out of the production site. */
    draft: z.boolean().default(false),
  });
}

export function inquirySchema<Reference extends z.ZodType<unknown, string>>(contentDir: URL, exerciseReference: Reference) {
  return z.object({
    /** The open question the client sits with between sessions. */
    question: z.string().min(1),
    /** A sentence or two of context: when this question helps. */
    context: z.string().min(1),
    /** Topics it touches, lowercase, e.g. ["self-care", "work"]. */
    themes: z.array(z.string().min(1)).min(1, 'needs at least one theme, like [values]'),
    /** File names (without .mdx) of exercises that pair well with it. Each must exist. */
    relatedExercises: z.array(existingExercise(contentDir, exerciseReference)).default([]),
    /** true keeps the inquiry out of the production site. */
    draft: z.boolean().default(false),
  });
}
