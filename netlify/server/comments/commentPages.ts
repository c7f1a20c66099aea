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
import { html, joined, lines, raw, type Raw } from '../web/html.ts';
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
  joined(
    value.split(/\n{2,}/).map((p) => html`<p>${lines(p)}</p>`),
    '\n',
  );

/** "Thank you…", the comment as sent, and the way back to the post (when the post is one of the site's). */
export function thanksPage(values: SentValues, postTitle: string | undefined): Response {
  const back = postTitle ? html`<p><a href="${postPath(values.post)}">Back to “${postTitle}”</a></p>` : html`<p><a href="/blog/">Back to the blog</a></p>`;
  return page(
    200,
    'Thank you',
    html`<h1>Thank you</h1>
<p>${COMMENT_FORM_TEXT.thanks}</p>
<h2>Your comment, as sent</h2>
<article class="sent-comment">
<p><strong>${values.name}</strong>${values.website ? ` · ${values.website}` : ''}</p>
${asParagraphs(values.comment)}
</article>
${values.notify ? html`<p>If the coach replies, you will get one email about it, with a link to stop any more.</p>` : ''}
${back}`,
  );
}

/** One field of the form again, its value and its problem tied to it. */
function field(name: keyof typeof COMMENT_FIELDS, values: SentValues, errors: FieldErrors): Raw {
  const def = COMMENT_FIELDS[name];
  const id = fieldId(name);
  const problem = errors[name]?.join(' ');
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const helpText = 'help' in def ? def.help : undefined;
  const describedBy = [helpText ? helpId : '', problem ? errorId : ''].filter(Boolean).join(' ');
  const aria = html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${problem ? raw(' aria-invalid="true"') : ''}`;
  const help = helpText ? html`<p class="field__help" id="${helpId}">${helpText}</p>` : '';
  const error = problem ? html`<p class="field__error" id="${errorId}">${problem}</p>` : '';
  if (def.kind === 'checkbox') {
    return html`<div class="field field--checkbox"><label><input type="checkbox" name="${name}" id="${id}"${values.notify ? ' checked' : ''}${aria}> ${def.label}</label>${error}</div>`;
  }
  const required = 'required' in def && def.required;
  const label = html`<label for="${id}">${def.label}${required ? raw(' <span aria-hidden="true">*</span>') : ' (optional)'}</label>`;
  const value = values[name] as string;
  const attributes = html`name="${name}" id="${id}" maxlength="${def.max}"${required ? ' required' : ''}${'autocomplete' in def ? html` autocomplete="${def.autocomplete}"` : ''}${aria}`;
  const input =
    def.kind === 'textarea'
      ? html`<textarea ${attributes} rows="${def.rows}">${value}</textarea>`
      : html`<input type="${def.kind === 'email' ? 'email' : def.kind === 'url' ? 'url' : 'text'}" ${attributes} value="${value}">`;
  return html`<div class="field">${label}${help}${error}${input}</div>`;
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
  const problems = Object.entries(errors).map(([name, messages]) => {
    const label = labelOf(name);
    const where = name in COMMENT_FIELDS && COMMENT_FIELDS[name as keyof typeof COMMENT_FIELDS].kind !== 'hidden' ? `#${fieldId(name)}` : '';
    const said = html`${label}${labelSeparator(label)}${joined(messages, ' ')}`;
    return html`<li>${where ? html`<a href="${where}">${said}</a>` : said}</li>`;
  });
  const back = postTitle ? html`<p><a href="${postPath(values.post)}">Back to “${postTitle}”</a> (what you typed here is not kept there)</p>` : '';
  return page(
    status,
    heading,
    html`<h1>${heading}</h1>
<p>${message}</p>
${problems.length > 0 ? html`<div class="error-summary" role="alert"><h2>What needs another look</h2><ul>\n${joined(problems, '\n')}\n</ul></div>` : ''}
<form class="comment-form" method="post" action="${COMMENT_ENDPOINT}" aria-label="${COMMENT_FORM_TEXT.heading}">
<h2>${COMMENT_FORM_TEXT.heading}</h2>
<p>${COMMENT_FORM_TEXT.note}</p>
<input type="hidden" name="post" value="${values.post}">
<input type="hidden" name="id" value="${values.id}">
<div class="honeypot" aria-hidden="true"><label>Leave this field empty <input type="text" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></label></div>
${field('comment', values, errors)}
${field('name', values, errors)}
${field('email', values, errors)}
${field('website', values, errors)}
${field('notify', values, errors)}
<p><button type="submit">${COMMENT_FORM_TEXT.button}</button></p>
</form>
${back}`,
  );
}
