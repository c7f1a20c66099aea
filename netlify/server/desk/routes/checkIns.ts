/**
 * `POST /api/coach/check-ins`: the coach records Done, Partly or Not yet for a client's
 * commitment (desk/checkInForm.ts), through the same code as a client's answer
 * (loop/recordAnswer.ts), `by: 'coach'`. No email goes to the client; the activity log records
 * it. An answer already there (the client's, or an earlier press) stands, and she is told so.
 */
import { parseBody } from '#server/web/parseBody.ts';
import { recordAnswer } from '#server/loop/recordAnswer.ts';
import { CHECK_IN_ANSWERS } from '#server/loop/loopStore.ts';
import { COACH_NOTE_MAX, RECORD_CHECK_IN_PATH } from '../checkInForm.ts';
import { CLIENT_HASH } from '../clientRecords.ts';
import { seeOther } from '#server/web/privatePage.ts';
import type { DeskContext, Route } from '../context.ts';
import { clientPath } from '#server/paths.ts';

const COMMITMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function record(context: DeskContext): Promise<Response> {
  const { req, deps } = context;
  const parsed = await parseBody(req);
  const fields = parsed.ok ? parsed.value.fields : {};
  const client = typeof fields.client === 'string' && CLIENT_HASH.test(fields.client) ? fields.client : '';
  const commitment = typeof fields.commitment === 'string' && COMMITMENT_ID.test(fields.commitment) ? fields.commitment : '';
  const answer = CHECK_IN_ANSWERS.find((a) => a === fields.answer);
  if (!client || !commitment) return seeOther('/coach/?done=gone');
  const back = (done: string) => seeOther(`${clientPath(client)}?done=${done}#commitment-${commitment}`);
  if (!answer) return back('check-in-no-answer');
  const note = typeof fields.note === 'string' ? fields.note.replace(/\r\n?/g, '\n').trim() : '';
  if (note.length > COACH_NOTE_MAX) return back('check-in-note-too-long');

  // Only a commitment of this client: the form names both, and a page of one client never records for another.
  const found = await deps.loop.get(commitment);
  if (!found.ok) return back('unavailable');
  if (!found.value || found.value.state.clientHash !== client) return back('gone');
  const recorded = await recordAnswer(commitment, { answer, at: context.now.toISOString(), by: 'coach', ...(note ? { note } : {}) }, deps);
  if (!recorded.ok) return back('unavailable');
  if (recorded.value.outcome === 'gone') return back('gone');
  if (recorded.value.outcome === 'already') return back('check-in-already');
  await context.audit('record-check-in', { client, subject: `commitment/${commitment}: ${answer}` });
  return back('check-in-recorded');
}

export const CHECK_IN_ROUTES: Route[] = [{ method: 'POST', path: RECORD_CHECK_IN_PATH, handle: record }];
