/**
 * "Leave a Reply": the comment form under every blog post, rendered by the post page (without
 * JavaScript) and validated by /api/comments. Like every form it also carries `id` (empty without
 * JavaScript: the server derives one from the content) and the spam fields
 * (src/forms/spamFields.ts: the honeypot, and `elapsedMs`, empty on a page without a script),
 * which are not answers and so not fields here.
 *
 * The email is asked for but never published: it stays with the pending comment, for the
 * coach's reply notification and for erasing, and never reaches a page (docs/decisions/012-comments.md).
 */
import { countCommentLinks } from '../comments/renderComment.ts';
import { formSchema, type FieldMap, type FormRules, type FormValues, type InferForm } from './fields.ts';

/** Where the form posts; the function there answers with the page that says what happens next (or JSON: `CommentAccepted`). */
export const COMMENT_ENDPOINT = '/api/comments';

/** The words around the form, as the coach's old blog had them, and the answer once it is sent. */
export const COMMENT_FORM_TEXT = {
  heading: 'Leave a Reply',
  note: 'Your email address will not be published. Required fields are marked *',
  button: 'Post Comment',
  /** What the answer says once a comment is stored (or held): the same words with and without JavaScript. */
  thanks: 'Thank you. Your comment will appear once it has been approved.',
} as const;

/** More links than this in one comment is refused: a reader rarely needs more, link spam always does. */
export const MAX_COMMENT_LINKS = 3;

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

/** A name that is an address is the oldest trick of comment spam: the name becomes the link. */
const ADDRESS_LIKE = /(?:https?:\/\/|www\.|\.(?:com|net|org|io|ru|cn|xyz|info|biz|top)\b)/i;

/**
 * What a name shown under a post may not hold: control characters (NUL, line breaks, NEL),
 * text-direction overrides and isolates (U+202E, U+2066…) and other invisible format characters,
 * which make a name read as something else or break the page around it. The zero-width joiner
 * and non-joiner stay: Persian, Indic and emoji names are written with them.
 */
const HIDDEN_IN_NAME = /[\p{Cc}\u2028\u2029\u115f\u1160\u3164\uffa0]|(?![\u200c\u200d])\p{Cf}/u;

export const COMMENT_RULES: FormRules<FormValues<typeof COMMENT_FIELDS>> = {
  values(comment, report) {
    const links = countCommentLinks(comment.comment);
    if (links > MAX_COMMENT_LINKS) report('comment', `Please keep to ${MAX_COMMENT_LINKS} links or fewer; this has ${links}.`);
    if (HIDDEN_IN_NAME.test(comment.name)) report('name', 'Your name contains invisible, line-break or text-direction characters, which can slip in when it is pasted. Please type it in again.');
    else if (ADDRESS_LIKE.test(comment.name)) report('name', 'Please give your name, not a web address (there is a field for your website).');
  },
};

export const CommentSchema = formSchema(COMMENT_FIELDS, COMMENT_RULES);
export type CommentAnswers = InferForm<typeof CommentSchema>;

/** The JSON answer to a comment that was stored (or held: a bot is told the same). */
export interface CommentAccepted {
  id: string;
  status: 'awaiting-approval';
  message: typeof COMMENT_FORM_TEXT.thanks;
}
