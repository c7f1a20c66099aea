/**
 * A commitment's homework loop as the coach reads it on the client's page, under the commitment
 * itself: how the client wants check-ins, each step (reminder, check-in, follow-up) with when it
 * was planned and what happened to it, the answer, and whether it is overdue, closed by a new
 * date or follows an earlier one. Read from the loop's own state (loop/loopStore.ts); a
 * commitment made before the loop shipped has none and shows none of this.
 */
import { formatInZone } from '#src/forms/zonedTime.ts';
import { LOOP_STEPS, type CheckInAnswer, type LoopState, type LoopStep, type SkipReason, type StepSend } from '../loop/loopStore.ts';
import { html, type Raw } from '../web/html.ts';

export const STEP_NAMES: Record<LoopStep, string> = { reminder: 'Reminder', 'check-in': 'Check-in', 'follow-up': 'Follow-up' };

export const ANSWER_NAMES: Record<CheckInAnswer, string> = { done: 'Done', partly: 'Partly', 'not-yet': 'Not yet' };

/** Why a step was not sent, in the coach's words. A reason not listed here is shown as recorded. */
const SKIPPED_BECAUSE: Record<SkipReason, string> = {
  answered: 'they had answered already',
  stopped: 'they had stopped reminders',
  text: 'they prefer texts, so it is yours to send from your phone',
  stale: 'too late: the scheduler missed its moment (a deploy or an outage) and it would have arrived after it made sense',
  closed: 'the commitment had been replaced by a new date',
};

export interface LoopViewInput {
  state: LoopState;
  /** Marked overdue (`overdue/<id>`): no answer after the follow-up. */
  overdue: boolean;
  /** The steps still on the coach's To text list (`texts/<id>.<step>`). */
  toText: ReadonlySet<LoopStep>;
  /** The anchor of a record shown on the same page, to link to it; undefined when it is not there. */
  anchorOf(id: string): string | undefined;
  /** The coach's time zone. */
  timeZone: string;
  now: Date;
  /** Whatever other parts of the desk add under the loop (clientPageSlots.ts); '' for nothing. */
  actions: Raw | '';
}

const moment = (iso: string, timeZone: string) => html`<time datetime="${iso}">${formatInZone(new Date(iso), timeZone)}</time>`;

function skipped(send: StepSend, step: LoopStep, input: LoopViewInput): Raw {
  const why = send.why ?? '';
  const code = why.split(':')[0]!.trim();
  const words = Object.hasOwn(SKIPPED_BECAUSE, code) ? SKIPPED_BECAUSE[code as SkipReason] : why || 'no reason was recorded';
  const texting =
    code !== 'text'
      ? ''
      : input.toText.has(step)
        ? html` It is on your <a href="/coach/texts/">To text</a> list.`
        : send.textedAt
          ? html` You texted them ${moment(send.textedAt, input.timeZone)}.`
          : '';
  return html`not emailed ${moment(send.at, input.timeZone)}: ${words}.${texting}`;
}

function sendLine(send: StepSend, step: LoopStep, input: LoopViewInput): Raw {
  switch (send.state) {
    case 'sent':
      return html`sent ${moment(send.at, input.timeZone)}.`;
    case 'sending':
      return html`being sent since ${moment(send.at, input.timeZone)} (attempt ${send.attempts}${send.why ? html`, last error <code>${send.why}</code>` : ''}); the next run of the scheduler confirms it.`;
    case 'failed':
      return html`failed for good ${moment(send.at, input.timeZone)}: the email provider refused it${send.why ? html` (<code>${send.why}</code>)` : ''}.`;
    case 'skipped':
      return skipped(send, step, input);
  }
}

function stepLine(step: LoopStep, input: LoopViewInput): Raw {
  const planned = input.state.plan[step];
  const send = input.state.sends[step];
  const plan = planned ? html`planned for ${moment(planned, input.timeZone)}` : html`not planned`;
  const outcome = send
    ? sendLine(send, step, input)
    : !planned
      ? step === 'reminder'
        ? 'the deadline was too close for one.'
        : 'nothing to send.'
      : new Date(planned).getTime() > input.now.getTime()
        ? 'not due yet.'
        : 'due; the next run of the scheduler sends it.';
  return html`<li><strong>${STEP_NAMES[step]}</strong>: ${plan}; ${outcome}</li>`;
}

function answerPart({ state, anchorOf, timeZone }: LoopViewInput): Raw {
  const { answer } = state;
  if (!answer) return html`<p class="loop-answer">No answer yet.</p>`;
  const record = answer.checkInId ? anchorOf(answer.checkInId) : undefined;
  const files = answer.files ?? [];
  return html`<p class="loop-answer"><strong>${ANSWER_NAMES[answer.answer]}</strong>, ${answer.by === 'coach' ? 'recorded by you' : 'from the client'} ${moment(answer.at, timeZone)}.${
    record ? html` <a href="#${record}">Their check-in</a>` : ''
  }</p>
${answer.note || files.length > 0 ? html`<dl>${answer.note ? html`<dt>Their note</dt><dd>${answer.note}</dd>` : ''}${files.length > 0 ? html`<dt>Files</dt><dd>${files.join(', ')}</dd>` : ''}</dl>` : ''}`;
}

function relatedLink(id: string, anchorOf: LoopViewInput['anchorOf'], words: string): Raw {
  const anchor = anchorOf(id);
  return anchor ? html`<a href="#${anchor}">${words}</a>` : html`${words}`;
}

/** The loop of one commitment, to go inside its article on the client's page. */
export function loopView(input: LoopViewInput): Raw {
  const { state, anchorOf } = input;
  const heading = `loop-${state.commitmentId}`;
  return html`<section class="loop" aria-labelledby="${heading}">
<h4 id="${heading}">Reminders and check-ins</h4>
${input.overdue ? html`<p class="flag">Overdue: no answer after the follow-up.</p>` : ''}
${state.closedBy ? html`<p class="flag">Closed: replaced by a new date (${relatedLink(state.closedBy, anchorOf, 'the commitment that replaced it')}). Nothing more is sent about it.</p>` : ''}
${state.follows ? html`<p class="meta">Follows ${relatedLink(state.follows, anchorOf, 'an earlier commitment')}: a new date or a smaller step.</p>` : ''}
<p class="meta">${state.channel === 'text' ? 'They prefer texts: the steps below are yours to send from your phone.' : 'By email.'}</p>
<ol class="loop-steps">${LOOP_STEPS.map((step) => stepLine(step, input))}</ol>
${answerPart(input)}
${input.actions}
</section>`;
}
