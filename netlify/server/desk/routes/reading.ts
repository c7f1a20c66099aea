/**
 * "Send something worth reading": from a client's page, the three posts, exercises or
 * inquiries that best match the client's own words (with the words that matched), or any other
 * one; a personal note; a preview of exactly the email that will go; then send. The choice and
 * the note come from the page's own query, so they are read only on a navigation from the desk
 * itself: a link from anywhere else opens the page empty, never with a stranger's words.
 */
import { createHash } from 'node:crypto';
import { SITE } from '#src/site.config.ts';
import type { Catalog } from '#server/catalog.ts';
import { greetingName } from '#server/emails/greeting.ts';
import { worthReadingEmail } from '#server/reading/worthReadingEmail.ts';
import { parseBody } from '#server/web/parseBody.ts';
import { loadClient, type ClientRecords } from '../clientRecords.ts';
import { labelsOf } from '../formLabels.ts';
import { deskPage } from '../layout.ts';
import { html } from '#server/web/html.ts';
import { seeOther } from '#server/web/privatePage.ts';
import { readLibrary, type LibraryItem } from '#server/reading/library.ts';
import type { DeskContext, Route } from '../context.ts';
import { suggestReading, type ClientText } from '../suggest.ts';
import { clientPath } from '#server/paths.ts';
import { isSameOriginNavigation } from '#server/origin.ts';
import { identity } from './client.ts';

export const READING_NOTE_MAX = 2000;
const NOT_THE_CLIENT_S_WORDS = new Set(['id', 'name', 'email', 'timeZone', 'when', 'exercise', 'inquiry', 'consent', 'accountability']);

/** The client's own words, from every submission, each with where it came from. */
export function clientTexts({ records }: ClientRecords, catalog: Catalog): ClientText[] {
  return records.flatMap((record) => {
    const labels = labelsOf(record.kind).fieldsFor(record.data, catalog);
    return Object.entries(record.data).flatMap(([field, value]) =>
      typeof value === 'string' && value.trim().length > 2 && !NOT_THE_CLIENT_S_WORDS.has(field) ? [{ source: `${record.kind}: ${labels[field]?.label ?? field}`, text: value }] : [],
    );
  });
}

const itemKey = (item: LibraryItem) => `${item.kind}:${item.slug}`;

async function load(context: DeskContext, hash: string) {
  const library = readLibrary();
  const client = await loadClient(context.deps.store, hash);
  if (!library.ok || !client.ok || client.value.records.length === 0) return null;
  const who = identity(client.value);
  // Greeted as they asked to be on their latest intake, or by the first word of their name.
  const intake = client.value.records.find((record) => record.kind === 'intake');
  const preferredName = typeof intake?.data.preferredName === 'string' ? intake.data.preferredName : undefined;
  return { library: library.value, client: client.value, who: { ...who, greeting: greetingName({ name: who.name, preferredName }) } };
}

const unavailable = () => deskPage({ title: 'Send something worth reading', current: '/coach/', status: 503, body: html`<h1>Send something worth reading</h1><p>The desk cannot reach this client’s submissions or the reading list just now. Please try again in a minute.</p>` });

async function page(context: DeskContext, [hash]: string[]): Promise<Response> {
  const loaded = await load(context, hash!);
  if (!loaded) return unavailable();
  const { library, client, who } = loaded;
  const { settings, url } = context;
  const suggestions = suggestReading(clientTexts(client, context.deps.catalog), library);
  const query = isSameOriginNavigation(context.req, settings.siteUrl) ? url.searchParams : new URLSearchParams();
  const chosen = library.find((item) => itemKey(item) === query.get('item'));
  const note = (query.get('note') ?? '').slice(0, READING_NOTE_MAX);
  const preview = chosen ? worthReadingEmail({ item: chosen, note, clientName: who.greeting, clientEmail: who.email, siteUrl: settings.siteUrl, fromEmail: settings.fromEmail, coachEmail: settings.coachEmail, coachName: SITE.coachName }) : undefined;
  const option = (item: LibraryItem) => html`<option value="${itemKey(item)}"${chosen === item ? html` selected` : ''}>${item.title} (${item.kind})</option>`;
  return deskPage({
    title: 'Send something worth reading',
    current: '/coach/',
    body: html`<h1>Send ${who.name || 'this client'} something worth reading</h1>
<p><a href="${clientPath(hash!)}">Back to ${who.name || 'the client'}’s page</a></p>
<section aria-labelledby="suggested-heading">
<h2 id="suggested-heading">Suggested from their own words</h2>
${suggestions.length === 0
  ? html`<p>Nothing in the library shares words with what they wrote; pick one below.</p>`
  : html`<ol>${suggestions.map((s) => html`<li><a href="?item=${encodeURIComponent(itemKey(s.item))}">${s.item.title}</a> <span class="meta">(${s.item.kind}, score ${s.score})</span><br><span class="meta">Matched: ${s.matched.map((m) => `“${m.word}” (${m.where}, from ${m.from})`).join('; ')}</span></li>`)}</ol>`}
</section>
<form method="get" class="desk-form" aria-labelledby="compose-heading">
<h2 id="compose-heading">Your message</h2>
<label for="reading-item">What to send</label>
<select id="reading-item" name="item" required>${library.map(option)}</select>
<label for="reading-note">A personal note (optional)</label>
<textarea id="reading-note" name="note" rows="5" maxlength="${READING_NOTE_MAX}">${note}</textarea>
<button type="submit">Preview</button>
</form>
${preview
  ? html`<section class="item" aria-labelledby="preview-heading">
<h2 id="preview-heading">Preview: exactly what ${who.email} will receive</h2>
<p><strong>Subject:</strong> ${preview.subject}</p>
<pre>${preview.text}</pre>
<form method="post" action="/api/coach/reading/send">
<input type="hidden" name="client" value="${hash!}"><input type="hidden" name="item" value="${itemKey(chosen!)}"><input type="hidden" name="note" value="${note}">
<button type="submit">Send it</button>
</form>
</section>`
  : ''}`,
  });
}

async function send(context: DeskContext): Promise<Response> {
  const parsed = await parseBody(context.req);
  const fields = parsed.ok ? parsed.value.fields : {};
  const hash = typeof fields.client === 'string' && /^[0-9a-f]{32}$/.test(fields.client) ? fields.client : null;
  if (!hash) return seeOther('/coach/?done=gone');
  const loaded = await load(context, hash);
  if (!loaded) return unavailable();
  const item = loaded.library.find((i) => itemKey(i) === fields.item);
  const note = typeof fields.note === 'string' ? fields.note.slice(0, READING_NOTE_MAX) : '';
  if (!item) return seeOther(`${clientPath(hash)}reading/`);
  const { settings, deps } = context;
  const message = worthReadingEmail({ item, note, clientName: loaded.who.greeting, clientEmail: loaded.who.email, siteUrl: settings.siteUrl, fromEmail: settings.fromEmail, coachEmail: settings.coachEmail, coachName: SITE.coachName });
  // Pressing Send twice (or the back button and Send again) sends it once.
  const digest = createHash('sha256').update(`${itemKey(item)}\n${note}`).digest('hex').slice(0, 16);
  const sent = await deps.mailer.send(message, { idempotencyKey: `reading/${hash}/${digest}` });
  if (!sent.ok) {
    deps.log.warn('desk.reading_not_sent', { error: sent.error.name });
    return seeOther(`${clientPath(hash)}?done=reading-not-sent`);
  }
  await context.audit('send-reading', { client: hash, subject: item.url });
  return seeOther(`${clientPath(hash)}?done=reading-sent`);
}

export const READING_ROUTES: Route[] = [
  { method: 'GET', path: /^\/coach\/clients\/([0-9a-f]{32})\/reading\/$/, handle: page },
  { method: 'POST', path: '/api/coach/reading/send', handle: send },
];
