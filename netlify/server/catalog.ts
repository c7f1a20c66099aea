/**
 * The exercises and inquiries a submission may refer to. Functions are bundled outside
 * Astro, so they cannot query content collections; integrations/catalog.ts writes this file
 * from the same MDX frontmatter whenever Astro starts (dev, build, check, sync).
 */
import type { Prompt } from '../../src/forms/response.ts';
import generated from '../generated/catalog.json' with { type: 'json' };

export interface Catalog {
  exercises: Record<string, { title: string; prompts: Prompt[] }>;
  inquiries: Record<string, { question: string }>;
}

export const CATALOG: Catalog = generated as Catalog;
