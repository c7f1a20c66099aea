/**
 * `POST /api/coach/erase`: erases a client once the coach has typed their address, which must
 * be the one their code stands for; anything else removes nothing. Shows what went.
 */
import { parseBody } from '#server/web/parseBody.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { CLIENT_HASH } from '../clientRecords.ts';
import { eraseClientEverywhere, type Erased } from '../eraseClient.ts';
import { deskPage } from '../layout.ts';
import { html } from '#server/web/html.ts';
import type { DeskContext, Route } from '../context.ts';
import { clientPath } from '#server/paths.ts';

const KINDS_OF_KEY: [prefix: string, one: string, many: string][] = [
  ['intake/', 'intake questionnaire', 'intake questionnaires'],
  ['commitment/', 'homework commitment', 'homework commitments'],
  ['response/', 'exercise response', 'exercise responses'],
  ['reflection/', 'reflection', 'reflections'],
  ['check-in/', 'check-in', 'check-ins'],
  ['stuck/', '“I’m stuck” request', '“I’m stuck” requests'],
  ['spam/', 'post held as spam', 'posts held as spam'],
  ['uploads/', 'file', 'files'],
  ['loop/', 'record of homework reminders and check-ins', 'records of homework reminders and check-ins'],
];

function summary(erased: Erased) {
  const counts = KINDS_OF_KEY.map(([prefix, one, many]) => {
    const count = erased.submissions.filter((key) => key.startsWith(prefix)).length;
    return { count, label: count === 1 ? one : many };
  }).filter((c) => c.count > 0);
  const comments = erased.comments.filter((key) => key.startsWith('received/') || key.startsWith('held/')).length;
  const all = [...erased.submissions, ...erased.desk, ...erased.comments.map((key) => `comments/${key}`)];
  return html`<ul>
${counts.map((c) => html`<li>${c.count} ${c.label}</li>`)}
${comments > 0 ? html`<li>${comments} blog ${comments === 1 ? 'comment' : 'comments'} (the site drops published ones with its next build)</li>` : ''}
${erased.desk.length > 0 ? html`<li>your private note</li>` : ''}
${erased.forgotten.length > 0 ? html`<li>${erased.forgotten.length} activity entries no longer name them</li>` : ''}
</ul>
${all.length > 0 ? html`<details><summary>Every stored item removed (${all.length})</summary><ul>${all.map((key) => html`<li><code>${key}</code></li>`)}</ul></details>` : html`<p>Nothing was left to remove.</p>`}`;
}

async function erase(context: DeskContext): Promise<Response> {
  const { req, deps } = context;
  const parsed = await parseBody(req);
  const fields = parsed.ok ? parsed.value.fields : {};
  const client = typeof fields.client === 'string' && CLIENT_HASH.test(fields.client) ? fields.client : '';
  const email = typeof fields.email === 'string' ? fields.email.trim() : '';
  if (!client || !email || emailHash(email) !== client) {
    return deskPage({
      title: 'Not erased',
      current: '/coach/',
      status: 422,
      body: html`<h1>Nothing was erased</h1>
<p>That address is not the one this client used, so nothing was removed. Check it against the address on ${client ? html`<a href="${clientPath(client)}">their page</a>` : 'their page'} and type it again.</p>`,
    });
  }
  // Recorded first: erasing then strips the hash from this entry too, so the log keeps that a
  // client was erased without naming them (or, if erasing stops half way, names whom to finish).
  await context.audit('erase', { client });
  const erased = await eraseClientEverywhere(email, deps);
  if (!erased.ok) {
    deps.log.error('desk.erase_failed', { error: erased.error.name });
    return deskPage({ title: 'Not finished', current: '/coach/', status: 503, body: html`<h1>Erasing is not finished</h1><p>The desk could not reach its storage part of the way through. Some items may already be gone; erase again to finish, it removes only what is left.</p>` });
  }
  return deskPage({
    title: 'Erased',
    current: '/coach/',
    body: html`<h1>Erased</h1>
<p>Everything stored from this client is gone:</p>
${summary(erased.value)}
<p><a href="/coach/">Back to the inbox</a></p>`,
  });
}

export const ERASE_ROUTES: Route[] = [{ method: 'POST', path: '/api/coach/erase', handle: erase }];
