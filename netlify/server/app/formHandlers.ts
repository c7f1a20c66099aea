/**
 * The forms' handlers as the pipeline runs them: each kind's handler from submissions/forms/,
 * with the step that storing it starts (FormHandler.afterStore). A commitment starts its homework
 * loop (loop/startLoop.ts); a check-in records its answer in its commitment's loop
 * (checkIn/recordStoredCheckIn.ts). Made here, where the loop's store is opened, so the pipeline
 * never imports the loop or the check-ins. Each step logs its own failure; the pipeline then
 * leaves the record's pending marker for the retry job (decision 011).
 */
import { recordStoredCheckIn } from '../checkIn/recordStoredCheckIn.ts';
import { startLoop, type StartLoopDeps } from '../loop/startLoop.ts';
import { FORM_HANDLERS, type FormHandlers } from '../submissions/forms/index.ts';

/** What the steps need: the submissions, the loop's state beside them, the clock and the logger. */
export type FormStepDeps = StartLoopDeps;

export function formHandlers(deps: FormStepDeps): FormHandlers {
  return {
    ...FORM_HANDLERS,
    commitment: {
      ...FORM_HANDLERS.commitment,
      async afterStore(record) {
        const loop = await startLoop(record, deps);
        if (!loop.ok) deps.log.warn('loop.start_failed', { kind: record.kind, id: record.id, error: loop.error.name });
        return loop;
      },
    },
    'check-in': {
      ...FORM_HANDLERS['check-in'],
      async afterStore(record) {
        const answer = await recordStoredCheckIn(record, deps);
        if (!answer.ok) deps.log.warn('loop.answer_unrecorded', { kind: record.kind, id: record.id, error: answer.error.name });
        return answer;
      },
    },
  };
}
