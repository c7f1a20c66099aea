/**
 * The exercises, inquiries and posts a submission or comment may refer to. Functions are bundled outside
 * Astro, so they cannot query content collections; integrations/catalog.ts writes this file
 * from the same MDX frontmatter whenever Astro starts (dev, build, check, sync).
 */
import generated from '#generated/catalog.json' with { type: 'json' };
import { parseCatalog, type Catalog } from './catalogSchema.ts';

export type { Catalog } from './catalogSchema.ts';

/** Checked once when a function loads: a stale or hand-edited file fails loudly, not in a client's email. */
export const CATALOG: Catalog = parseCatalog(generated, 'netlify/generated/catalog.json');
