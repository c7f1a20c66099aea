/**
 * `/api/coach/export`: everything as a zip of spreadsheets and the raw records;
 * `?client=<code>`: one client's, with their files. Streamed, never cached.
 */
import { CLIENT_HASH } from '../clientRecords.ts';
import { attachmentHeaders } from '../attachment.ts';
import { gatherExport, type ExportScope } from '../exportData.ts';
import { exportZip } from '../exportZip.ts';
import { deskPage } from '../layout.ts';
import { html } from '#server/web/html.ts';
import type { DeskContext, Route } from '../context.ts';

const notFound = () => deskPage({ title: 'No such client', current: '/coach/', status: 404, body: html`<h1>Nothing is stored for this client</h1><p><a href="/coach/">Back to the inbox</a></p>` });

async function download(context: DeskContext): Promise<Response> {
  const { url, deps, now } = context;
  const client = url.searchParams.get('client');
  if (client !== null && !CLIENT_HASH.test(client)) return notFound();
  const scope: ExportScope = client ? { client } : { everything: true };
  const data = await gatherExport(deps, scope, now);
  if (!data.ok) {
    deps.log.error('desk.export_unavailable', { error: data.error.name });
    return deskPage({ title: 'Unavailable', current: '/coach/', status: 503, body: html`<h1>The export could not be made</h1><p>The desk cannot reach its storage just now. Please try again in a minute.</p>` });
  }
  const comments = data.value.comments;
  const noComments = !comments || (comments.entries.length === 0 && comments.held.length === 0);
  if (client && data.value.records.length === 0 && data.value.held.length === 0 && data.value.notes.length === 0 && noComments) return notFound();
  await context.audit('export', client ? { client } : { subject: 'everything' });
  const name = `unstuck-export-${now.toISOString().slice(0, 10)}${client ? `-${client.slice(0, 8)}` : ''}.zip`;
  const body = exportZip(data.value, { catalog: deps.catalog, log: deps.log, readUpload: (key) => deps.store.getUpload(key) }, now);
  return new Response(body, { headers: attachmentHeaders(name, 'application/zip') });
}

export const EXPORT_ROUTES: Route[] = [{ method: 'GET', path: '/api/coach/export', handle: download }];
