/**
 * `/api/coach/uploads?key=…`: a client's file, as a download. Only a key that a stored record
 * refers to is served (never an arbitrary key, never a held post's unjudged file), with the
 * content type it was stored under after its bytes were judged.
 */
import { FORM_HANDLERS, handlerOf } from '#server/submissions/forms/index.ts';
import { storedRecordFor } from '#server/submissions/forms/storedRecord.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { attachmentHeaders } from '../attachment.ts';
import { findUpload } from '../clientRecords.ts';
import { deskPage } from '../layout.ts';
import { html } from '#server/web/html.ts';
import type { DeskContext, Route } from '../context.ts';

const notFound = () => deskPage({ title: 'No such file', status: 404, body: html`<h1>No such file</h1><p>It may have been erased. <a href="/coach/">Back to the desk</a></p>` });
const unavailable = () => deskPage({ title: 'Unavailable', status: 503, body: html`<h1>The desk cannot reach its storage</h1><p>Please try again in a minute.</p>` });

async function download(context: DeskContext): Promise<Response> {
  const { url, deps } = context;
  const found = await findUpload(deps.store, url.searchParams.get('key') ?? '');
  if (!found.ok) return unavailable();
  if (!found.value) return notFound();
  const { record, upload } = found.value;
  const bytes = await deps.store.getUpload(upload.key);
  if (!bytes.ok) return unavailable();
  if (!bytes.value) return notFound();
  const stored = storedRecordFor(handlerOf(FORM_HANDLERS, record.kind), record);
  await context.audit('read', { ...(stored ? { client: emailHash(stored.data.email) } : {}), subject: `${record.kind}/${record.id}` });
  return new Response(bytes.value as BodyInit, {
    headers: { ...attachmentHeaders(upload.fileName, upload.contentType), 'Content-Length': String(bytes.value.byteLength) },
  });
}

export const UPLOAD_ROUTES: Route[] = [{ method: 'GET', path: '/api/coach/uploads', handle: download }];
