/**
 * The pages a check-in link answers with, in the site's voice: the page the link opens (their
 * own words quoted back, the answer they chose, a note and a file to add, one button), and what
 * they see once it is recorded: a celebration for Done; for Partly and Not yet, no blame and the
 * homework form filled in with their words, to set a new date or a smaller step. Plain HTML in
 * the site's frame (respond.ts `page`): no script, no inline style, every field labelled and
 * every error tied to its field, so it works the same with JavaScript off.
 */
import { MY_PAGE_PATH, STUCK_FORM_PATH } from '../paths.ts';
import { CHECK_IN_ANSWER_OPTIONS, CHECK_IN_FIELDS } from '#src/forms/checkIn.ts';
import { COMMITMENT_FIELDS, type Commitment } from '#src/forms/commitment.ts';
import type { FieldErrors } from '#src/forms/fields.ts';
import { fieldId } from '#src/forms/fieldId.ts';
import { SUBMISSION_KINDS } from '#src/forms/kinds.ts';
import { UPLOAD_ACCEPT } from '#src/forms/uploads.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { html, raw, type Raw } from '../web/html.ts';
import { greetingName } from '../emails/greeting.ts';
import { deadlineOf } from '../submissions/forms/commitment.ts';
import type { CheckInAnswer, LoopAnswer } from '../loop/loopStore.ts';
import { page } from '../web/respond.ts';
import type { Stored, SubmissionRecord } from '../submissions/records.ts';


export type StoredCommitment = SubmissionRecord<Stored<Commitment>>;

export const answerLabel = (answer: CheckInAnswer) => CHECK_IN_ANSWER_OPTIONS.find((o) => o.value === answer)!.label;

const BUTTONS: Record<CheckInAnswer, string> = {
  done: 'Yes, it is done',
  partly: 'Send: partly done',
  'not-yet': 'Send: not done yet',
};

const HEADINGS: Record<CheckInAnswer, string> = {
  done: 'Is it done? Tell me',
  partly: 'Partly done: tell me how it went',
  'not-yet': 'Not done yet: tell me how it went',
};

/** Where the client can go from here: their own page, and help when they are stuck. */
const onwards = html`<nav aria-label="Where next" class="onwards">
<ul>
<li><a href="${MY_PAGE_PATH}">Your page: your homework and your wins so far</a></li>
<li><a href="${STUCK_FORM_PATH}">I’m stuck: ask me for a quick call or an email</a></li>
</ul>
</nav>`;

const toPage = (status: number, title: string, body: Raw, headers: Record<string, string> = {}) => page(status, title, body, headers);

/** "You said you would …, by …; you said I would know because …": their words, quoted back. */
function theirWords(commitment: StoredCommitment): Raw {
  const { what, howWillIKnow, timeZone } = commitment.data;
  return html`<blockquote class="their-words">
<p>You said you would: <q>${what}</q>, by ${formatInZone(deadlineOf(commitment.data), timeZone)}.</p>
<p>You said I would know because: <q>${howWillIKnow}</q></p>
</blockquote>`;
}

/** The errors of a post, listed at the top and linked to their fields (as the site's forms do). */
function errorSummary(errors: FieldErrors): Raw | '' {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
<h2>There is a problem</h2>
<p>Nothing has been recorded yet. What you wrote is still below.</p>
<ul>${entries.map(([name, messages]) => html`<li><a href="#${fieldId(name)}">${messages.join(' ')}</a></li>`)}</ul>
</div>`;
}

interface FieldParts {
  name: 'note' | 'evidence';
  errors: FieldErrors;
}

/** A field's label, help and error ids, and the attributes that tie them to the input. */
function fieldParts({ name, errors }: FieldParts) {
  const def = CHECK_IN_FIELDS[name];
  const id = fieldId(name);
  const error = errors[name]?.join(' ');
  const describedBy = [`${id}-help`, ...(error ? [`${id}-error`] : [])].join(' ');
  return {
    id,
    label: html`<label for="${id}">${def.label} <span class="optional">(optional)</span></label>
<p class="field__help" id="${id}-help">${def.help}</p>`,
    describedBy,
    invalid: error ? raw(' aria-invalid="true"') : '',
    error: error ? html`<p class="field__error" id="${id}-error">${error}</p>` : '',
  };
}

export interface CheckInPageOptions {
  commitment: StoredCommitment;
  answer: CheckInAnswer;
  /** The signed link itself: where the one button posts. */
  formAction: string;
  /** The same choice's other answers (the same link id), to change one's mind before pressing. */
  otherAnswers: { answer: CheckInAnswer; href: string }[];
  note?: string;
  errors?: FieldErrors;
  status?: number;
}

/** The page a check-in link opens, and the same page again when something posted needs another look. */
export function checkInPage({ commitment, answer, formAction, otherAnswers, note = '', errors = {}, status = 200 }: CheckInPageOptions): Response {
  const noteField = fieldParts({ name: 'note', errors });
  const fileField = fieldParts({ name: 'evidence', errors });
  // A file is what "how will I know" often is; it has no place in "not done yet".
  const offersFile = answer !== 'not-yet';
  const others = otherAnswers.map(({ answer: other, href }) => html`<a href="${href}">${answerLabel(other)}</a>`);
  return toPage(
    status,
    HEADINGS[answer],
    html`<h1>${HEADINGS[answer]}</h1>
${errorSummary(errors)}
<p>Hi ${greetingName(commitment.data)}, here is your homework in your own words.</p>
${theirWords(commitment)}
<p>Your answer: <strong>${answerLabel(answer)}</strong>.${others.length === 2 ? html` Not quite right? Answer ${others[0]} or ${others[1]} instead.` : ''}</p>
<form method="post" action="${formAction}" enctype="multipart/form-data" class="link-form">
<div class="field">
${noteField.label}
<textarea id="${noteField.id}" name="note" rows="${CHECK_IN_FIELDS.note.rows}" maxlength="${CHECK_IN_FIELDS.note.max}" aria-describedby="${noteField.describedBy}"${noteField.invalid}>${note}</textarea>
${noteField.error}
</div>
${offersFile ? html`<div class="field">
${fileField.label}
<input type="file" id="${fileField.id}" name="evidence" accept="${UPLOAD_ACCEPT}" aria-describedby="${fileField.describedBy}"${fileField.invalid}>
${fileField.error}
</div>` : ''}
<button type="submit">${BUTTONS[answer]}</button>
</form>
<p>Nothing is recorded until you press the button.</p>
${onwards}`,
  );
}

/** What came with the answer, said back: their note and file are with the coach. */
function received(answer: LoopAnswer): Raw | '' {
  const file = answer.files?.[0];
  if (!answer.note && !file) return '';
  const what = answer.note && file ? html`Your note and your file “${file}” are` : answer.note ? 'Your note is' : html`Your file “${file}” is`;
  return html`<p>${what} with me, and I will read ${answer.note && file ? 'them' : 'it'} before we next talk.</p>`;
}

/** Done: a celebration, in their own words. */
function celebrationPage(commitment: StoredCommitment, answer: LoopAnswer): Response {
  return toPage(
    200,
    'That is a win',
    html`<h1>That is a win</h1>
<p class="lede">You said you would <q>${commitment.data.what}</q>, and you did.</p>
<p>Well done, ${greetingName(commitment.data)}. A promise to yourself, kept: that counts, however small it looked when you wrote it down. Notice what helped you get it done; it is worth keeping for next time.</p>
${received(answer)}
<p>A short note of congratulations is on its way to your inbox.</p>
<h2>What next</h2>
<ul>
<li><a href="${MY_PAGE_PATH}">See your homework and your wins so far</a></li>
<li><a href="/homework/">Set your next piece of homework</a></li>
</ul>`,
  );
}

/** A moment as a `datetime-local` value in a zone ("2026-12-01T09:00"): the earliest a new date may be. */
function localInputValue(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

const timeZones = (current: string) => {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
};

/**
 * The homework form, filled in with their words (what, how I will know, their zone), a new
 * `when` to pick, and which commitment it follows. Posts to the homework endpoint like the
 * /homework/ page does, so it works without JavaScript; `min` keeps a plain browser from
 * sending a time already past.
 */
function newDateForm(commitment: StoredCommitment, now: Date): Raw {
  const { name, email, what, howWillIKnow, timeZone } = commitment.data;
  const f = COMMITMENT_FIELDS;
  const field = (key: 'what' | 'when' | 'timeZone' | 'howWillIKnow', input: Raw) => {
    const id = `new-${fieldId(key)}`;
    return html`<div class="field">
<label for="${id}">${f[key].label} <span class="required" aria-hidden="true">*</span></label>
<p class="field__help" id="${id}-help">${f[key].help}</p>
${input}
</div>`;
  };
  const describe = (key: string) => `new-${fieldId(key)}-help`;
  return html`<form method="post" action="${SUBMISSION_KINDS.commitment.endpoint}" class="link-form" aria-labelledby="new-date-heading">
<input type="hidden" name="name" value="${name}">
<input type="hidden" name="email" value="${email}">
<input type="hidden" name="follows" value="${commitment.id}">
${field('what', html`<textarea id="new-${fieldId('what')}" name="what" rows="3" maxlength="${f.what.max}" required aria-describedby="${describe('what')}">${what}</textarea>`)}
${field('when', html`<input type="datetime-local" id="new-${fieldId('when')}" name="when" required min="${localInputValue(now, timeZone)}" aria-describedby="${describe('when')}">`)}
${field('timeZone', html`<select id="new-${fieldId('timeZone')}" name="timeZone" required aria-describedby="${describe('timeZone')}">${timeZones(timeZone).map((zone) => html`<option value="${zone}"${zone === timeZone ? raw(' selected') : ''}>${zone.replace(/_/g, ' ')}</option>`)}</select>`)}
${field('howWillIKnow', html`<textarea id="new-${fieldId('howWillIKnow')}" name="howWillIKnow" rows="3" maxlength="${f.howWillIKnow.max}" required aria-describedby="${describe('howWillIKnow')}">${howWillIKnow}</textarea>`)}
<button type="submit">Set my new date</button>
<p class="field__help">Fields marked <span aria-hidden="true">*</span><span class="visually-hidden">with an asterisk</span> are required.</p>
</form>`;
}

/** Partly or Not yet: no blame, and the way to a new date or a smaller step. */
function newDatePage(commitment: StoredCommitment, answer: LoopAnswer, now: Date): Response {
  const how = answer.answer === 'partly' ? 'and you got part of the way there' : 'and it is not done yet';
  return toPage(
    200,
    'Thank you for telling me',
    html`<h1>Thank you for telling me</h1>
<p class="lede">You said you would <q>${commitment.data.what}</q>, ${how}.</p>
<p>That happens, and there is no blame in it. What got in the way is useful to know: it tells us what to change, and we will look at it together.</p>
${received(answer)}
<section aria-labelledby="new-date-heading">
<h2 id="new-date-heading">Set a new date, or a smaller step</h2>
<p>If you like, set it now: your own words are filled in. Change them to a smaller step if that fits better, pick a new date, and press the button. Or leave it for now; nothing else is needed.</p>
${newDateForm(commitment, now)}
</section>
${onwards}`,
  );
}

/** What the client sees once their answer is recorded. */
export function answerPage(commitment: StoredCommitment, answer: LoopAnswer, now: Date): Response {
  return answer.answer === 'done' ? celebrationPage(commitment, answer) : newDatePage(commitment, answer, now);
}

/** Someone answered first (the coach, after a call): kindly, nothing changed; what they typed is shown back. */
export function alreadyAnsweredPage(commitment: StoredCommitment, answer: LoopAnswer, typed?: string): Response {
  const who = answer.by === 'coach' ? 'I have already noted' : 'You already told me';
  const when = formatInZone(new Date(answer.at), commitment.data.timeZone);
  return toPage(
    200,
    'Already noted',
    html`<h1>Already noted</h1>
${theirWords(commitment)}
<p>${who} how this went: <strong>${answerLabel(answer.answer)}</strong>, on ${when}. So nothing more was changed.</p>
${typed ? html`<p>Here is what you wrote just now, so it is not lost; reply to any of my emails with it and it reaches me.</p>
<blockquote class="their-words"><p>${typed}</p></blockquote>` : ''}
<p>If that is not how it went, reply to any of my emails and tell me.</p>
${onwards}`,
  );
}

/** The homework or its loop is no longer stored (erased, or past the retention period). */
export function gonePage(): Response {
  return toPage(
    410,
    'This homework is no longer here',
    html`<h1>This homework is no longer here</h1>
<p>The homework this link is about is no longer stored, so there is nothing to answer. If that surprises you, reply to the email and tell me.</p>
${onwards}`,
  );
}

/** The store did not answer: nothing happened, and the link still works. */
export function unavailablePage(): Response {
  return toPage(
    503,
    'Nothing happened yet',
    html`<h1>Nothing happened yet</h1>
<p>Something on our side did not answer just now, so nothing was recorded. Please try again in a minute: the link still works, and trying again is safe.</p>
${onwards}`,
    { 'Retry-After': '60' },
  );
}

/** SIGNING_SECRET is not set: no link can be checked (the production build refuses to deploy without it). */
export function notSetUpPage(): Response {
  return toPage(
    503,
    'This link cannot be checked just now',
    html`<h1>This link cannot be checked just now</h1>
<p>The website is missing a setting it needs to check links, so nothing happened. Please try again later, or reply to the email.</p>`,
  );
}
