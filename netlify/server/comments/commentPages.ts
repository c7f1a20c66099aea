/**
 * The pages /api/comments answers a browser without JavaScript with (the post pages have none):
 * the thank-you page, which shows the comment as it was sent, and the form again, with what the
 * reader typed and each problem next to its field, when something needs another look or the
 * store did not confirm the write. Everything typed is escaped; no inline script or style.
 */
import { COMMENT_ENDPOINT, COMMENT_FIELDS, COMMENT_FORM_TEXT } from '#src/forms/comment.ts';
import { fieldId } from '#src/forms/fieldId.ts';
import type { FieldErrors } from '#src/forms/fields.ts';
import { labelSeparator } from '#src/forms/labelSeparator.ts';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { escapeHtml } from '../web/html.ts';
import { page } from '../web/respond.ts';
import { postPath } from './published.ts';

/** What the reader sent, as text, to show back to them. */
export interface SentValues {
  post: string;
  comment: string;
  name: string;
  email: string;
  website: string;
  notify: boolean;
  id: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '');

/** The posted fields as the pages show them (nothing trusted: every value is escaped where it is shown). */
export function sentValues(fields: Record<string, unknown>): SentValues {
  const notify = text(fields.notify).trim().toLowerCase();
  return {
    post: text(fields.post).trim(),
    comment: text(fields.comment).replace(/\r\n?/g, '\n').trim(),
    name: text(fields.name).trim(),
    email: text(fields.email).trim(),
    website: text(fields.website).trim(),
    notify: fields.notify === true || ['on', 'true', 'yes', '1'].includes(notify),
    id: text(fields.id).trim(),
  };
}

/** Plain text as paragraphs, line breaks kept: what was typed, never interpreted. */
const asParagraphs = (value: string) =>
  value
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

/** "Thank you…", the comment as sent, and the way back to the post (when the post is one of the site's). */
export function thanksPage(values: SentValues, postTitle: string | undefined): Response {
  const back = postTitle ? `<p><a href="${escapeHtml(postPath(values.post))}">Back to “${escapeHtml(postTitle)}”</a></p>` : '<p><a href="/blog/">Back to the blog</a></p>';
  return page(
    200,
    'Thank you',
    `<h1>Thank you</h1>
<p>${escapeHtml(COMMENT_FORM_TEXT.thanks)}</p>
<h2>Your comment, as sent</h2>
<article class="sent-comment">
<p><strong>${escapeHtml(values.name)}</strong>${values.website ? ` · ${escapeHtml(values.website)}` : ''}</p>
${asParagraphs(values.comment)}
</article>
${values.notify ? '<p>If the coach replies, you will get one email about it, with a link to stop any more.</p>' : ''}
${back}`,
  );
}

/** One field of the form again, its value and its problem tied to it. */
function field(name: keyof typeof COMMENT_FIELDS, values: SentValues, errors: FieldErrors): string {
  const def = COMMENT_FIELDS[name];
  const id = fieldId(name);
  const problem = errors[name]?.join(' ');
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const helpText = 'help' in def ? def.help : undefined;
  const describedBy = [helpText ? helpId : '', problem ? errorId : ''].filter(Boolean).join(' ');
  const aria = `${describedBy ? ` aria-describedby="${describedBy}"` : ''}${problem ? ' aria-invalid="true"' : ''}`;
  const help = helpText ? `<p class="field__help" id="${helpId}">${escapeHtml(helpText)}</p>` : '';
  const error = problem ? `<p class="field__error" id="${errorId}">${escapeHtml(problem)}</p>` : '';
  if (def.kind === 'checkbox') {
    return `<div class="field field--checkbox"><label><input type="checkbox" name="${name}" id="${id}"${values.notify ? ' checked' : ''}${aria}> ${escapeHtml(def.label)}</label>${error}</div>`;
  }
  const required = 'required' in def && def.required;
  const label = `<label for="${id}">${escapeHtml(def.label)}${required ? ' <span aria-hidden="true">*</span>' : ' (optional)'}</label>`;
  const value = values[name] as string;
  const attributes = `name="${name}" id="${id}" maxlength="${def.max}"${required ? ' required' : ''}${'autocomplete' in def ? ` autocomplete="${def.autocomplete}"` : ''}${aria}`;
  const input =
    def.kind === 'textarea'
      ? `<textarea ${attributes} rows="${def.rows}">${escapeHtml(value)}</textarea>`
      : `<input type="${def.kind === 'email' ? 'email' : def.kind === 'url' ? 'url' : 'text'}" ${attributes} value="${escapeHtml(value)}">`;
  return `<div class="field">${label}${help}${error}${input}</div>`;
}

export interface FormPageText {
  status: number;
  /** The heading and first sentence: what happened, in plain words. */
  heading: string;
  message: string;
}

/**
 * The comment form again, filled in with what was sent: nothing typed is lost. Problems are listed
 * first, each a link to its field, and said again at the field (aria-describedby).
 */
export function formPage({ status, heading, message }: FormPageText, values: SentValues, errors: FieldErrors = {}, postTitle?: string): Response {
  const labelOf = (name: string) => (name in COMMENT_FIELDS ? COMMENT_FIELDS[name as keyof typeof COMMENT_FIELDS].label : 'The form');
  const problems = Object.entries(errors)
    .map(([name, messages]) => {
      const label = labelOf(name);
      const where = name in COMMENT_FIELDS && COMMENT_FIELDS[name as keyof typeof COMMENT_FIELDS].kind !== 'hidden' ? `#${fieldId(name)}` : '';
      const said = `${escapeHtml(label)}${labelSeparator(label)}${messages.map(escapeHtml).join(' ')}`;
      return `<li>${where ? `<a href="${where}">${said}</a>` : said}</li>`;
    })
    .join('\n');
  const back = postTitle ? `<p><a href="${escapeHtml(postPath(values.post))}">Back to “${escapeHtml(postTitle)}”</a> (what you typed here is not kept there)</p>` : '';
  return page(
    status,
    heading,
    `<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(message)}</p>
${problems ? `<div class="error-summary" role="alert"><h2>What needs another look</h2><ul>\n${problems}\n</ul></div>` : ''}
<form class="comment-form" method="post" action="${COMMENT_ENDPOINT}" aria-label="${escapeHtml(COMMENT_FORM_TEXT.heading)}">
<h2>${escapeHtml(COMMENT_FORM_TEXT.heading)}</h2>
<p>${escapeHtml(COMMENT_FORM_TEXT.note)}</p>
<input type="hidden" name="post" value="${escapeHtml(values.post)}">
<input type="hidden" name="id" value="${escapeHtml(values.id)}">
<div class="honeypot" aria-hidden="true"><label>Leave this field empty <input type="text" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></label></div>
${field('comment', values, errors)}
${field('name', values, errors)}
${field('email', values, errors)}
${field('website', values, errors)}
${field('notify', values, errors)}
<p><button type="submit">${escapeHtml(COMMENT_FORM_TEXT.button)}</button></p>
</form>
${back}`,
  );
}
