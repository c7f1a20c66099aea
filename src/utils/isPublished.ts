/** What decides whether a post, exercise or inquiry is on the public site. */
export interface PublishOptions {
  /** Show drafts and future-dated entries (true while the coach previews with `npm start`). */
  preview: boolean;
  /** The moment to compare publish dates against. */
  now: Date;
}

interface Publishable {
  data: { draft: boolean; pubDate?: Date };
}

/**
 * The one predicate every listing, feed and page route uses, so a draft can never leak
 * through one path while being hidden on another.
 */
export function isPublished(entry: Publishable, { preview, now }: PublishOptions): boolean {
  if (preview) return true;
  if (entry.data.draft) return false;
  return !entry.data.pubDate || entry.data.pubDate.getTime() <= now.getTime();
}

/** The options for this build: drafts show in `astro dev`, never in `astro build`. */
export function buildPublishOptions(): PublishOptions {
  return { preview: import.meta.env.DEV, now: new Date() };
}
