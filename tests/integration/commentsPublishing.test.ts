/**
 * Publishing comments: every change asks for a build, the scheduler fires Netlify's build hook
 * (a fake one on loopback, never the internet) at most once every ten minutes, so many changes
 * make one build; without a hook nothing is fired and the log says so. And the desk's Comments
 * queue: the same actions as the emails, plus Edit and Delete, shown at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveComment } from '#server/comments/moderation.ts';
import { fireRebuildIfDue, REBUILD_SPACING_MS, type BuildHook } from '#server/comments/rebuild.ts';
import { createBudget, RUN_BUDGET_MS } from '#server/budget.ts';
import { createLastRuns } from '#server/scheduler/lastRuns.ts';
import { runScheduler } from '#server/scheduler/runScheduler.ts';
import { SCHEDULED_TASKS } from '#server/scheduler/tasks.ts';
import { aComment, idOf, POST, startFakeBuildHook, useComments, type FakeBuildHook } from '../support/comments';
import { listKeys } from '../support/localStore';

const c = useComments();

let hook: FakeBuildHook;
beforeEach(async () => {
  hook = await startFakeBuildHook();
});
afterEach(() => hook.close());

const buildHook = (): BuildHook => ({ url: hook.url, fetch: (url, init) => fetch(url, init) });
const minutes = (n: number) => n * 60_000;
const later = (ms: number) => c.h.clock.set(c.h.clock.now().toISOString(), ms);

async function aComments(n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await idOf(await c.post(aComment({ id: crypto.randomUUID(), comment: `Comment ${i}` }), { json: true })));
  return ids;
}

/** The scheduled function's run, as Netlify would start it, with the build hook set. */
const scheduledRun = (withHook = true) =>
  runScheduler({ ...c.deps, lastRuns: createLastRuns(c.deps.deskBlobs), ...(withHook ? { buildHook: buildHook() } : {}) }, SCHEDULED_TASKS, {
    now: c.h.clock.now(),
    budget: createBudget(RUN_BUDGET_MS, () => 0),
  });

describe('asking for a build', () => {
  it('makes one build of ten approvals, and waits ten minutes before the next', async () => {
    for (const id of await aComments(10)) await approveComment(id, c.cdeps());

    await scheduledRun();
    expect(hook.calls.map((call) => call.method)).toEqual(['POST']);

    later(minutes(5));
    await approveComment((await aComments(1))[0]!, c.cdeps());
    await scheduledRun();
    expect(hook.calls).toHaveLength(1);

    later(REBUILD_SPACING_MS - minutes(5));
    await scheduledRun();
    expect(hook.calls).toHaveLength(2);

    later(minutes(15));
    await scheduledRun();
    expect(hook.calls).toHaveLength(2);
  });

  it('fires nothing when nothing changed', async () => {
    await aComments(2);

    await scheduledRun();

    expect(hook.calls).toEqual([]);
  });

  it('lets only one of two overlapping runs fire', async () => {
    await approveComment((await aComments(1))[0]!, c.cdeps());

    const deps = { comments: c.deps.comments, log: c.deps.log, buildHook: buildHook() };
    const outcomes = await Promise.all([fireRebuildIfDue(deps, c.h.clock.now()), fireRebuildIfDue(deps, c.h.clock.now())]);

    expect(hook.calls).toHaveLength(1);
    expect(outcomes.filter((o) => o.fired)).toHaveLength(1);
  });

  it('tries a failed build hook again after the spacing, and says so in the run', async () => {
    await approveComment((await aComments(1))[0]!, c.cdeps());
    hook.status = 500;

    const failed = await scheduledRun();
    expect(failed.tasks['comments-rebuild']).toMatchObject({ ran: true, failed: true });
    hook.status = 200;
    await scheduledRun();
    expect(hook.calls).toHaveLength(1);

    later(REBUILD_SPACING_MS);
    await scheduledRun();
    expect(hook.calls).toHaveLength(2);
    later(REBUILD_SPACING_MS);
    await scheduledRun();
    expect(hook.calls).toHaveLength(2);
  });

  it('without BUILD_HOOK_URL fires nothing and logs, once, that the change shows on the next build', async () => {
    await approveComment((await aComments(1))[0]!, c.cdeps());

    await scheduledRun(false);
    later(REBUILD_SPACING_MS);
    await scheduledRun(false);

    expect(hook.calls).toEqual([]);
    const said = c.h.logs.filter((line) => line.includes('comments.rebuild_not_configured'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('the change shows on the next build');
  });

  it('sends the moderation emails the scheduler finds pending (a function that died before sending)', async () => {
    c.h.resend.failNext(1, 'server_error');
    const [id] = await aComments(1);
    expect(c.moderationEmails()).toEqual([]);

    later(minutes(2));
    const report = await scheduledRun();

    expect(report.tasks['comment-emails']).toMatchObject({ ran: true, failed: false });
    expect(c.moderationEmails()).toHaveLength(1);
    expect((await c.entry(id!))?.moderation.status).toBe('sent');
  });
});

describe('the desk’s Comments queue', () => {
  it('is counted on the desk’s home and in its navigation', async () => {
    const cookie = await c.signIn();
    await aComments(2);
    await c.post(aComment({ leave_this_blank: 'bot' }));

    const home = await (await c.request('/coach/', { cookie })).text();

    expect(home).toContain('<a href="/coach/comments/">2 comments wait for your approval, 1 comment held as spam</a>');
    expect(home).toContain('<a href="/coach/comments/">Comments</a>');
  });

  it('approves, replies, edits and deletes, each shown at once and each asking for a build', async () => {
    const cookie = await c.signIn();
    const [first, second] = await aComments(2);
    const act = (path: string, form: Record<string, string>) => c.request(`/api/coach/comments/${path}`, { method: 'POST', cookie, form });
    const page = async () => (await c.request('/coach/comments/', { cookie })).text();

    expect((await act('approve', { id: first! })).status).toBe(303);
    expect(await page()).toContain('Published (1)');
    expect(await c.published(first!)).not.toBeNull();

    const replyId = crypto.randomUUID();
    await act('reply', { id: first!, replyId, reply: 'Thanks <b>you</b>' });
    await act('reply', { id: first!, replyId, reply: 'Thanks <b>you</b>' });
    expect((await listKeys(c.commentBlobs)).filter((k) => k.startsWith(`published/${POST}/`))).toHaveLength(2);
    expect(await page()).toContain('Thanks &lt;b&gt;you&lt;/b&gt;');

    await act('edit', { id: first!, post: POST, body: 'Edited by the coach', name: 'Grace H.', website: '' });
    expect(await c.published(first!)).toMatchObject({ body: 'Edited by the coach', name: 'Grace H.', byCoach: false });
    expect((await c.entry(first!))?.body).toBe('Comment 0');
    expect(await page()).toContain('Edited by the coach');

    await act('reject', { id: second! });
    expect(await page()).toContain('Rejected (1)');

    await act('delete', { id: first!, post: POST });
    expect((await listKeys(c.commentBlobs)).filter((k) => k.startsWith('published/') || k.includes(first!))).toEqual([]);
    const state = (await c.commentBlobs.get('rebuild/state', { type: 'json' })) as { requestedAt: string };
    expect(state.requestedAt).toBe(c.h.clock.now().toISOString());
  });

  it('releases and deletes what was held as spam', async () => {
    const cookie = await c.signIn();
    await c.post(aComment({ leave_this_blank: 'bot', comment: 'Real after all' }));
    await c.post(aComment({ leave_this_blank: 'bot', comment: 'Really spam' }));
    const held = (await listKeys(c.commentBlobs)).filter((k) => k.startsWith('held/')).map((k) => k.slice('held/'.length));
    const bodies = await Promise.all(held.map(async (id) => ((await c.commentBlobs.get(`held/${id}`, { type: 'json' })) as { fields: { comment: string } }).fields.comment));
    const real = held[bodies.indexOf('Real after all')]!;
    const spam = held[bodies.indexOf('Really spam')]!;

    await c.request('/api/coach/comments/release', { method: 'POST', cookie, form: { id: real } });
    await c.request('/api/coach/comments/delete-held', { method: 'POST', cookie, form: { id: spam } });

    const page = await (await c.request('/coach/comments/', { cookie })).text();
    expect(page).toContain('Waiting for you (1)');
    expect(page).toContain('Real after all');
    expect(page).toContain('Held as spam (0)');
    expect(c.h.resend.sent.filter((m) => m.idempotencyKey?.startsWith('comment'))).toEqual([]);
  });

  it('refuses its actions without a session, and from another site', async () => {
    const [id] = await aComments(1);

    expect((await c.request('/api/coach/comments/approve', { method: 'POST', form: { id: id! } })).status).toBe(401);
    const cookie = await c.signIn();
    expect((await c.request('/api/coach/comments/approve', { method: 'POST', cookie, form: { id: id! }, headers: { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://elsewhere.example' } })).status).toBe(403);
    expect((await c.entry(id!))?.state).toBe('pending');
  });
});
