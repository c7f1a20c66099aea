/**
 * What the desk shows and does about a client's own page and reminders, in the slots of their
 * page on the desk (clientPageSlots.ts): whether they stopped reminders and check-ins (and since
 * when), and "Revoke every link to their page", which raises their link version (loop-clients/<hash>) so that every link to /my/ sent so
 * far, and every browser signed in with one, stops working at once. Links in later emails carry
 * the new version. docs/decisions/011-homework-loop.md.
 */
import { REVOKE_LINKS_PATH } from '../clientLinkForms.ts';
import { parseBody } from '#server/web/parseBody.ts';
import { CLIENT_HASH } from '../clientRecords.ts';
import { seeOther } from '#server/web/privatePage.ts';
import type { DeskContext, Route } from '../context.ts';
import { clientPath } from '#server/paths.ts';


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
