/**
 * What a client's page on the desk shows about their own page and reminders (in its slots,
 * clientPageSlots.ts): whether they stopped reminders, and the button that revokes every link
 * to their page (routes/clientLinks.ts acts on it).
 */
import { formatInZone } from '#src/forms/zonedTime.ts';
import type { ClientLoopSettings } from '../loop/loopStore.ts';
import { html } from '../web/html.ts';

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
