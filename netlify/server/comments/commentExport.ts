/**
 * Comments in the desk's export: every comment a reader sent (as sent, with its state and, if the
 * coach edited it, what is published), every post held as spam, and the coach's replies; for one
 * client's export, what their address sent and the replies to it. One table (comments.csv) and
 * the raw values (comments.json).
 */
import { ok, type Result } from '../result.ts';
import type { StoreError } from '../storeCall.ts';
import type { CommentEntry, CommentStore, HeldComment } from './commentStore.ts';
import type { PublishedComment } from './published.ts';

export interface CommentsExport {
  entries: CommentEntry[];
  held: HeldComment[];
  /** Every published comment and reply the export concerns (edited copies and the coach's replies). */
  published: PublishedComment[];
}

/** Everything, or one client's (by email hash). */
export async function gatherComments(comments: CommentStore, scope: { client: string } | { everything: true }): Promise<Result<CommentsExport, StoreError>> {
  const published = await comments.listPublished();
  if (!published.ok) return published;
  if ('client' in scope) {
    const mine = await comments.listByClient(scope.client);
    if (!mine.ok) return mine;
    const ids = new Set(mine.value.entries.map((e) => e.id));
    return ok({ ...mine.value, published: published.value.filter((c) => ids.has(c.id) || (c.parentId !== undefined && ids.has(c.parentId))) });
  }
  const entries = await comments.listEntries();
  if (!entries.ok) return entries;
  const held = await comments.listHeld();
  if (!held.ok) return held;
  return ok({ entries: entries.value, held: held.value, published: published.value });
}

/** A type, not an interface, so a row is a plain record of strings for the CSV writer. */
export type CommentRow = {
  id: string;
  state: string;
  post: string;
  replyTo: string;
  name: string;
  email: string;
  website: string;
  comment: string;
  publishedAs: string;
  wantsReplyEmail: string;
  received: string;
  decided: string;
  flags: string;
};

export const COMMENT_COLUMNS: { key: keyof CommentRow; header: string }[] = [
  { key: 'id', header: 'Comment id' },
  { key: 'state', header: 'State' },
  { key: 'post', header: 'Post' },
  { key: 'replyTo', header: 'Reply to comment' },
  { key: 'name', header: 'Name' },
  { key: 'email', header: 'Email' },
  { key: 'website', header: 'Website' },
  { key: 'comment', header: 'Comment as sent' },
  { key: 'publishedAs', header: 'Published as (if edited)' },
  { key: 'wantsReplyEmail', header: 'Email me when the coach replies' },
  { key: 'received', header: 'Received (UTC)' },
  { key: 'decided', header: 'Decided (UTC)' },
  { key: 'flags', header: 'Flags' },
];

const STATES: Record<CommentEntry['state'], string> = { pending: 'waiting for approval', approved: 'published', rejected: 'rejected' };
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** One row per comment, held post and reply, oldest first. */
export function commentRows(data: CommentsExport): CommentRow[] {
  const publishedById = new Map(data.published.map((c) => [c.id, c]));
  const blank = { replyTo: '', website: '', publishedAs: '', wantsReplyEmail: '', decided: '', flags: '' };
  const rows: CommentRow[] = [
    ...data.entries.map((entry) => {
      const copy = publishedById.get(entry.id);
      return {
        ...blank,
        id: entry.id,
        state: STATES[entry.state],
        post: entry.postSlug,
        name: entry.name,
        email: entry.email,
        website: entry.website ?? '',
        comment: entry.body,
        publishedAs: copy?.editedAt ? copy.body : '',
        wantsReplyEmail: entry.notify ? 'Yes' : 'No',
        received: entry.createdAt,
        decided: entry.decidedAt ?? '',
        flags: (entry.flags ?? []).join(' '),
      };
    }),
    ...data.held.map((held) => ({
      ...blank,
      id: held.id,
      state: `held as spam (${held.reason})`,
      post: text(held.fields.post),
      name: text(held.fields.name),
      email: text(held.fields.email),
      website: text(held.fields.website),
      comment: text(held.fields.comment),
      received: held.createdAt,
    })),
    ...data.published
      .filter((c) => c.byCoach)
      .map((reply) => ({ ...blank, id: reply.id, state: 'published reply by the coach', post: reply.postSlug, replyTo: reply.parentId ?? '', name: reply.name, email: '', comment: reply.body, received: reply.createdAt, publishedAs: reply.editedAt ? reply.body : '' })),
  ];
  return rows.sort((a, b) => a.received.localeCompare(b.received));
}
