/**
 * The blob stores the coach's commands work on: Netlify's, when NETLIFY_SITE_ID and
 * NETLIFY_AUTH_TOKEN are set (a personal access token from the Netlify dashboard), or else the
 * local store that `npm start` writes to (.data/blobs).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getStore, type Store } from '@netlify/blobs';
import { startLocalBlobs } from '#local/blobs.ts';
import { OUTBOX_STORE } from '#local/outboxMailer.ts';
import { SUBMISSIONS_STORE } from '#server/app/appDeps.ts';
import { createCommentStore, type CommentStore } from '#server/comments/commentStore.ts';
import { COMMENTS_STORE } from '#server/comments/published.ts';
import { createDeskStore, DESK_STORE, type DeskStore } from '#server/desk/deskStore.ts';
import { createUsedLinks, USED_LINKS_STORE, type UsedLinks } from '#server/links/usedLinks.ts';
import { openSubmissionStore } from '#server/lifecycle/clientStores.ts';
import type { SubmissionStore } from '#server/submissions/submissionStore.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Stores {
  where: string;
  submissions: SubmissionStore;
  /** Markers of emailed links already used (no personal data; kept until a day after the link expires). */
  usedLinks: UsedLinks;
  /** The coach's desk: sessions, issued sign-in links, the activity log. */
  desk: DeskStore;
  /** The `desk` blob store itself, for the inbox index (docs/decisions/007-inbox-index.md). */
  deskBlobs: Store;
  /** Blog comments (docs/decisions/012-comments.md). */
  comments: CommentStore;
  /** Only locally: Netlify has no outbox, Resend keeps its own log of sent email. */
  outbox?: Store;
  close(): Promise<void>;
}

/** Long-running maintenance may take longer than a function's few seconds per call. */
const MAINTENANCE_DEADLINE_MS = 10 * 60_000;

export async function openStores(dataDir = path.join(ROOT, '.data')): Promise<Stores> {
  const { NETLIFY_SITE_ID: siteID, NETLIFY_AUTH_TOKEN: token } = process.env;
  if (siteID && token) {
    return {
      where: `Netlify site ${siteID}`,
      submissions: openSubmissionStore(getStore({ name: SUBMISSIONS_STORE, siteID, token, consistency: 'strong' }), { deadlineMs: MAINTENANCE_DEADLINE_MS }),
      usedLinks: createUsedLinks(getStore({ name: USED_LINKS_STORE, siteID, token, consistency: 'strong' }), { deadlineMs: MAINTENANCE_DEADLINE_MS }),
      desk: createDeskStore(getStore({ name: DESK_STORE, siteID, token, consistency: 'strong' }), { deadlineMs: MAINTENANCE_DEADLINE_MS }),
      deskBlobs: getStore({ name: DESK_STORE, siteID, token, consistency: 'strong' }),
      comments: createCommentStore(getStore({ name: COMMENTS_STORE, siteID, token, consistency: 'strong' }), { deadlineMs: MAINTENANCE_DEADLINE_MS }),
      close: async () => {},
    };
  }
  const blobs = await startLocalBlobs(path.join(dataDir, 'blobs'));
  // Handed to each store rather than set in process.env, so a running `npm start` in the same process keeps its own.
  const local = JSON.parse(Buffer.from(blobs.context, 'base64').toString('utf8')) as { edgeURL: string; uncachedEdgeURL: string; siteID: string; token: string };
  const store = (name: string) => getStore({ name, consistency: 'strong', ...local });
  return {
    where: `the local store in ${path.relative(process.cwd(), dataDir) || dataDir}`,
    submissions: openSubmissionStore(store(SUBMISSIONS_STORE), { deadlineMs: MAINTENANCE_DEADLINE_MS }),
    usedLinks: createUsedLinks(store(USED_LINKS_STORE), { deadlineMs: MAINTENANCE_DEADLINE_MS }),
    desk: createDeskStore(store(DESK_STORE), { deadlineMs: MAINTENANCE_DEADLINE_MS }),
    deskBlobs: store(DESK_STORE),
    comments: createCommentStore(store(COMMENTS_STORE), { deadlineMs: MAINTENANCE_DEADLINE_MS }),
    outbox: store(OUTBOX_STORE),
    close: () => blobs.stop(),
  };
}
