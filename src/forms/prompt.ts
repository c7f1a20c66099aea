/**
 * What an exercise asks, written once. The exercises collection checks frontmatter with it
 * (src/content.config.ts), the catalog the functions read is built and checked with it
 * (integrations/catalog.ts, netlify/server/catalogSchema.ts), and the response form is made
 * from what it produces (response.ts).
 *
 * Imports nothing but zod: Netlify bundles functions outside Astro. Messages follow the field's
 * name, for the content check's formatter (integrations/content/describeIssue.ts).
 */
import * as z from 'zod/mini';

export const PromptSchema = z.object({
  /** Stable id, used to store answers. Never rename once clients have answered. */
  id: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must use only lowercase letters, digits and dashes, like "top-values"')),
  /** The question as the client sees it. */
  question: z.string().check(z.minLength(1)),
  /** Optional help shown under the question. */
  hint: z.optional(z.string()),
  /** "short" for a line, "long" for a paragraph or more. */
  answer: z._default(z.enum(['short', 'long']), 'long'),
  /** false lets the client leave it blank. */
  required: z._default(z.boolean(), true),
});

/** An exercise's prompts: at least one, each id used once (answers are stored by id). */
export const PromptsSchema = z.array(PromptSchema).check(
  z.minLength(1, 'needs at least one prompt'),
  z.superRefine((prompts, ctx) => {
    const seen = new Set<string>();
    prompts.forEach((prompt, index) => {
      if (seen.has(prompt.id)) {
        ctx.addIssue({
          code: 'custom',
          message: `is "${prompt.id}", which an earlier prompt already uses; two prompts cannot share an id, so give this one its own`,
          path: [index, 'id'],
          input: prompt.id,
        });
      }
      seen.add(prompt.id);
    });
  }),
);

/** A prompt as the forms use it, its defaults filled in. */
export type Prompt = z.output<typeof PromptSchema>;
