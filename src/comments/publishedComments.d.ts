/** The published comments, handed to the pages by integrations/publishedComments.ts. */
declare module 'virtual:unstuck/published-comments' {
  import type { ShownComment } from './commentThreads';

  /** Every published comment the pages may show, by post slug: read once by a build, on every view under `npm start`. */
  export function loadPublishedComments(): Promise<Record<string, ShownComment[]>>;
}
