/** `POST /api/coach/notes`: the coach's private note on a client, saved whole (an empty note removes it). */
import { parseBody } from '#server/web/parseBody.ts';
import { CLIENT_HASH } from '../clientRecords.ts';
import { seeOther } from '#server/web/privatePage.ts';
import type { DeskContext, Route } from '../context.ts';
import { clientPath } from '#server/paths.ts';
import { NOTE_MAX } from './client.ts';

async function save(context: DeskContext): Promise<Response> {
  const { req, deps } = context;
  const parsed = await parseBody(req);
  const fields = parsed.ok ? parsed.value.fields : {};
  const client = typeof fields.client === 'string' ? fields.client : '';
  if (!CLIENT_HASH.test(client)) return seeOther('/coach/?done=gone');
  // Browsers send a textarea's line breaks as CRLF but count them as one character against maxlength.
  const text = typeof fields.note === 'string' ? fields.note.replace(/\r\n?/g, '\n').trim() : '';
  if (text.length > NOTE_MAX) return seeOther(`${clientPath(client)}?done=note-too-long`);
  const saved = text ? await deps.desk.setNote(client, { text, updatedAt: context.now.toISOString() }) : await deps.desk.deleteNote(client);
  if (!saved.ok) return seeOther(`${clientPath(client)}?done=unavailable`);
  await context.audit('note', { client });
  return seeOther(`${clientPath(client)}?done=${text ? 'note-saved' : 'note-cleared'}`);
}

export const NOTE_ROUTES: Route[] = [{ method: 'POST', path: '/api/coach/notes', handle: save }];
