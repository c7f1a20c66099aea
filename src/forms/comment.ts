/**
 * "Leave a Reply": the comment form under every blog post, rendered by the post page (without
 * JavaScript) and validated by /api/comments. Like every form it also carries `id` and the spam
 * fields (src/forms/spamFields.ts), which are not answers and so not fields here.
 *
 * The email is asked for but never published: it stays with the pending comment, for the
 * coach's reply notification and for erasing, and never reaches a page (docs/decisions/012-comments.md).
 */
import { formSchema, type FieldMap, type InferForm } from './fields.ts';

/** Where the form posts; the function there answers with the page that says what happens next. */
export const COMMENT_ENDPOINT = '/api/comments';

export const COMMENT_FIELDS = {
  /** The post's id (its slug, as in /blog/<slug>/). */
  post: { kind: 'hidden', required: true, max: 200, label: 'Post' },
  comment: {
    kind: 'textarea', required: true, max: 5000, rows: 8,
    label: 'Comment',
    help: 'Plain text. *Emphasis*, **bold**, `code`, links, lists and > quotes work; HTML does not.',
    requiredMessage: 'Please write your comment.',
  },
  name: { kind: 'text', required: true, max: 120, autocomplete: 'name', label: 'Name' },
  email: { kind: 'email', required: true, max: 254, autocomplete: 'email', label: 'Email' },
  website: { kind: 'url', max: 300, autocomplete: 'url', label: 'Website' },
  notify: { kind: 'checkbox', label: 'Email me when the coach replies' },
} as const satisfies FieldMap;

export const CommentSchema = formSchema(COMMENT_FIELDS);
export type CommentAnswers = InferForm<typeof CommentSchema>;
