/**
 * What the desk shows and does about a client's own page and reminders, in the slots of their
 * page on the desk (clientPageSlots.ts): whether they stopped reminders and check-ins (and since
 * when), and "Revoke every link to their page", which raises their link version (loop-clients/<hash>) so that every link to /my/ sent so
 * far, and every browser signed in with one, stops working at once. Links in later emails carry
 * the new version. docs/decisions/011-homework-loop.md.
 */
import { formatInZone } from '#src/forms/zonedTime.ts';
import type { ClientLoopSettings } from '#server/loop/loopStore.ts';
import { parseBody } from '#server/parseBody.ts';
import { CLIENT_HASH } from '../clientRecords.ts';
import { html, seeOther } from '../layout.ts';
import type { DeskContext, Route } from '../router.ts';
import { clientPath } from './client.ts';

export const REVOKE_LINKS_PATH = '/api/coach/clients/revoke-links';

/** Whether the client's reminders and check-ins go out, or since when they stopped them. */
export function remindersStatus(settings: ClientLoopSettings, timeZone: string) {
  if (!settings.stoppedAt) return html`<p>Reminders and check-ins: <strong>on</strong>.</p>`;
  return html`<p>Reminders and check-ins: <strong>stopped by the client</strong> on ${formatInZone(new Date(settings.stoppedAt), timeZone)}. Confirmations of what they send still go out; they can turn reminders back on from their own page.</p>`;
}

/** The one button that revokes every link to the client's page sent so far. */
export function revokeLinksForm(hash: string) {
  return html`<form method="post" action="${REVOKE_LINKS_PATH}" class="desk-form">
<input type="hidden" name="client" value="${hash}">
<p class="meta">If a link to their page may have reached someone else (a forwarded email), revoke them all. Their next email brings a new one.</p>
<button type="submit" class="secondary">Revoke every link to their page</button>
</form>`;
}

async function revoke(context: DeskContext): Promise<Response> {
  const { req, deps } = context;
  const parsed = await parseBody(req);
  const client = parsed.ok && typeof parsed.value.fields.client === 'string' ? parsed.value.fields.client : '';
  if (!CLIENT_HASH.test(client)) return seeOther('/coach/?done=gone');
  const raised = await deps.loop.updateClient(client, (settings) => ({ ...settings, linkVersion: settings.linkVersion + 1 }));
  if (!raised.ok) return seeOther(`${clientPath(client)}?done=unavailable`);
  await context.audit('revoke-links', { client });
  return seeOther(`${clientPath(client)}?done=links-revoked`);
}

export const CLIENT_LINK_ROUTES: Route[] = [{ method: 'POST', path: REVOKE_LINKS_PATH, handle: revoke }];
