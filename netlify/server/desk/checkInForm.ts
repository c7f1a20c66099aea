/**
 * The small form on a client's page with which the coach records how a commitment went after
 * a call: Done, Partly or Not yet, and a note. One per open commitment (no answer yet, not
 * closed by a new date). Posts to `/api/coach/check-ins` (routes/checkIns.ts); the client gets no
 * email for it, and the activity log records it. Placed by whoever lays out the commitment's
 * loop on the client's page.
 */
import { CHECK_IN_ANSWER_OPTIONS } from '#src/forms/checkIn.ts';
import type { LoopState } from '../loop/loopStore.ts';
import { html, type Raw } from '../web/html.ts';

export const RECORD_CHECK_IN_PATH = '/api/coach/check-ins';
export const COACH_NOTE_MAX = 2000;

/** Whether the coach can still record an answer for this commitment. */
export const isOpen = (state: LoopState) => !state.answer && !state.closedBy;

/** The form for one commitment, or nothing when it is answered or closed. Ids are unique per commitment. */
export function checkInForm(state: LoopState): Raw | '' {
  if (!isOpen(state)) return '';
  const id = state.commitmentId;
  return html`<form method="post" action="${RECORD_CHECK_IN_PATH}" class="desk-form check-in-form">
<input type="hidden" name="client" value="${state.clientHash}">
<input type="hidden" name="commitment" value="${id}">
<fieldset>
<legend>How did it go? (recorded from a call or a message)</legend>
${CHECK_IN_ANSWER_OPTIONS.map(
  (option) => html`<label><input type="radio" name="answer" value="${option.value}" required> ${option.label}</label>`,
)}
</fieldset>
<label for="check-in-note-${id}">Your note (optional; the client does not see it)</label>
<textarea id="check-in-note-${id}" name="note" rows="2" maxlength="${COACH_NOTE_MAX}"></textarea>
<button type="submit">Record the answer</button>
</form>`;
}
