/**
 * Another site cannot change anything on the desk: not by a link the coach follows (nothing
 * changes on GET or HEAD, nothing is pre-filled), and not by a form it posts (a Referer from
 * elsewhere, or no word at all of where the post comes from, is refused).
 */
import { describe, expect, it } from 'vitest';
import { ROUTES } from '#server/desk/router.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { readLibrary } from '#server/reading/library.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { useDesk } from '../support/desk';
import { formPost, handlersOf, VALID } from '../support/forms';
import { SITE_URL } from '../support/pipeline';

const d = useDesk();

async function aClient() {
  const fields = VALID.intake({ name: 'Rosa Díaz', goals: 'Get my job search going again.' });
  await handleSubmission(formPost('intake', fields), handlersOf(d.h.deps).intake, d.h.deps);
  await Promise.all(d.background);
  return { fields, hash: emailHash(fields.email!) };
}

const readsLogged = async () => {
  const listed = await d.deps.desk.listAudit([d.h.clock.now().toISOString().slice(0, 7)], 200);
  if (!listed.ok) throw new Error('The activity log should be readable');
  return listed.value.filter((entry) => entry.action === 'read');
};

/** How another site's link or frame arrives: the browser says cross-site (or, older ones, only names the other page). */
const FROM_ELSEWHERE: Record<string, string>[] = [
  { 'Sec-Fetch-Site': 'cross-site' },
  { 'Sec-Fetch-Site': 'same-site' },
  { 'Sec-Fetch-Site': '', Referer: 'https://evil.example/page' },
  { 'Sec-Fetch-Site': '' },
];

describe('a client’s page opened because another site asked', () => {
  it('marks nothing read and writes nothing in the activity log, on GET or HEAD', async () => {
    const cookie = await d.signIn();
    const { hash } = await aClient();

    for (const headers of FROM_ELSEWHERE) {
      for (const method of ['GET', 'HEAD']) expect((await d.request(`/coach/clients/${hash}/`, { cookie, method, headers })).status).toBe(200);
    }
    expect((await d.request(`/coach/clients/${hash}/`, { cookie, method: 'HEAD' })).status).toBe(200);

    expect(await (await d.request('/coach/?state=new', { cookie })).text()).toContain('Rosa Díaz');
    expect(await readsLogged()).toEqual([]);
  });

  it('is marked read once the coach opens it from the desk, or from a link she typed or followed in her mail app', async () => {
    const cookie = await d.signIn();
    const { hash } = await aClient();
    const direct = await aClient();

    await d.request(`/coach/clients/${hash}/`, { cookie, headers: { 'Sec-Fetch-Site': 'same-origin' } });
    await d.request(`/coach/clients/${direct.hash}/`, { cookie, headers: { 'Sec-Fetch-Site': 'none' } });

    expect(await (await d.request('/coach/?state=new', { cookie })).text()).not.toContain('Rosa Díaz');
    expect(await readsLogged()).toHaveLength(2);
  });
});

describe('the page to send something worth reading', () => {
  it('opens empty from another site’s link, and pre-filled only from the desk itself', async () => {
    const cookie = await d.signIn();
    const { hash } = await aClient();
    const library = readLibrary();
    if (!library.ok) throw new Error('The generated reading library should be readable');
    const item = library.value[0]!;
    const link = `/coach/clients/${hash}/reading/?item=${encodeURIComponent(`${item.kind}:${item.slug}`)}&note=${encodeURIComponent('Wire me the money')}`;

    for (const headers of [...FROM_ELSEWHERE, { 'Sec-Fetch-Site': 'none' }]) {
      const page = await (await d.request(link, { cookie, headers })).text();
      expect(page, JSON.stringify(headers)).not.toContain('Wire me the money');
      expect(page, JSON.stringify(headers)).not.toContain('Send it');
    }
    const fromDesk = await (await d.request(link, { cookie, headers: { 'Sec-Fetch-Site': 'same-origin' } })).text();
    const fromDeskOlderBrowser = await (await d.request(link, { cookie, headers: { 'Sec-Fetch-Site': '', Referer: `${SITE_URL}/coach/clients/${hash}/reading/` } })).text();
    expect(fromDesk).toContain('Wire me the money');
    expect(fromDeskOlderBrowser).toContain('Wire me the money');
  });
});

describe('every desk action', () => {
  const ACTIONS = ROUTES.filter((route) => route.method === 'POST' && typeof route.path === 'string' && route.path.startsWith('/api/coach/')).map((route) => route.path as string);

  it('is refused with 403 when posted with only a Referer from another site', async () => {
    const cookie = await d.signIn();
    expect(ACTIONS.length).toBeGreaterThanOrEqual(18);
    for (const action of ACTIONS) {
      const response = await d.request(action, { method: 'POST', cookie, form: { id: 'x', client: 'x' }, headers: { 'Sec-Fetch-Site': '', Origin: '', Referer: 'https://evil.example/form' } });
      expect(response.status, action).toBe(403);
    }
  });

  it('is refused with 403 when the post says nothing of where it comes from', async () => {
    const cookie = await d.signIn();
    for (const action of ACTIONS) {
      const response = await d.request(action, { method: 'POST', cookie, form: { id: 'x', client: 'x' }, headers: { 'Sec-Fetch-Site': '', Origin: '' } });
      expect(response.status, action).toBe(403);
    }
  });

  it('is still accepted from the desk by a browser that sends only a Referer naming the desk', async () => {
    const cookie = await d.signIn();
    const response = await d.request('/api/coach/sign-out', { method: 'POST', cookie, headers: { 'Sec-Fetch-Site': '', Origin: '', Referer: `${SITE_URL}/coach/` } });
    expect(response.status).toBe(303);
  });
});
