/**
 * The coach moderates from her email: Approve, Reject and Reply open pages with one button (a
 * mail scanner opening them changes nothing), act once, and refuse a changed, expired or used
 * link. Approving publishes the comment without its email; replying publishes her reply and
 * sends the reader, if they asked, exactly one email, with a confirmed unsubscribe. The hourly
 * cap keeps a flood from spending the email allowance while the desk still shows everything.
 */
import { describe, expect, it } from 'vitest';
import { SITE } from '#src/site.config.ts';
import { commentsWaiting } from '#server/comments/commentsWaiting.ts';
import { MODERATION_EMAILS_PER_HOUR, retryCommentEmails } from '#server/comments/commentMail.ts';
import { createBudget } from '#server/budget.ts';
import { handleComments } from '#server/comments/handleComments.ts';
import { commentsSection } from '#server/comments/commentsSection.ts';
import { sendMorningSummary } from '#server/summary/sendMorningSummary.ts';
import { aComment, commentPost, idOf, POST, useComments } from '../support/comments';
import { listKeys } from '../support/localStore';

const c = useComments();

async function aWaitingComment(changes: Record<string, string> = {}) {
  const id = await idOf(await c.post(aComment({ id: crypto.randomUUID(), ...changes }), { json: true }));
  return { id, links: c.linksFor(id) };
}

const run = () => retryCommentEmails(c.cdeps(), { now: c.h.clock.now(), budget: createBudget(20_000, () => 0) });
const replyEmails = () => c.h.resend.sent.filter((m) => m.idempotencyKey?.startsWith('comment-reply/'));

describe('Approve and Reject from the coach’s email', () => {
  it('opened by a mail scanner (GET, HEAD, again and again), shows one button and changes nothing', async () => {
    const { id, links } = await aWaitingComment({ comment: 'Short <b>and</b> sweet.' });
    const before = await listKeys(c.commentBlobs);

    for (const link of [links.approve, links.reject, links.reply]) {
      for (const method of ['GET', 'HEAD', 'GET'] as const) expect((await c.open(link, { method })).status).toBe(200);
    }
    const page = await (await c.open(links.approve)).text();

    expect(page.match(/<form method="post"/g)).toHaveLength(1);
    expect(page).toContain('Short &lt;b&gt;and&lt;/b&gt; sweet.');
    expect(await listKeys(c.commentBlobs)).toEqual(before);
    expect((await c.entry(id))?.state).toBe('pending');
    expect(await listKeys(c.linkBlobs)).toEqual([]);
  });

  it('Approve publishes the comment without its email, clears the queue and asks for a build; no email goes to anyone', async () => {
    const { id, links } = await aWaitingComment({ website: 'https://grace.example' });
    const sentBefore = c.h.resend.sent.length;

    const response = await c.open(links.approve, { method: 'POST' });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Approved');
    const entry = (await c.entry(id))!;
    const published = await c.published(id);
    expect(published).toEqual({ id, postSlug: POST, name: 'Grace Hopper', website: 'https://grace.example', body: entry.body, createdAt: entry.createdAt, byCoach: false });
    expect(JSON.stringify(published)).not.toContain(entry.email);
    expect(entry.state).toBe('approved');
    expect(await listKeys(c.commentBlobs)).not.toContain(`waiting/${id}`);
    expect((await c.commentBlobs.get('rebuild/state', { type: 'json' })) as object).toMatchObject({ requestedAt: c.h.clock.now().toISOString() });
    expect(c.h.resend.sent.length).toBe(sentBefore);
  });

  it('Approve and Reject are one choice: after one, the other says it was used and does nothing', async () => {
    const { id, links } = await aWaitingComment();

    expect((await c.open(links.reject, { method: 'POST' })).status).toBe(200);
    const again = await c.open(links.approve, { method: 'POST' });

    expect(again.status).toBe(410);
    expect((await c.entry(id))?.state).toBe('rejected');
    expect(await c.published(id)).toBeNull();
    expect((await c.open(links.approve)).status).toBe(410);
  });

  it('refuses a changed link, another comment’s link, and an expired one, doing nothing', async () => {
    const { id, links } = await aWaitingComment();
    const other = await aWaitingComment();

    const tampered = links.approve.replace('d=approve', 'd=reject');
    const swapped = links.approve.replace(id, other.id);
    expect((await c.open(tampered, { method: 'POST' })).status).toBe(403);
    expect((await c.open(swapped, { method: 'POST' })).status).toBe(403);
    c.h.clock.set(c.h.clock.now().toISOString(), 14 * 24 * 3600_000 + 1000);
    const expired = await c.open(links.approve, { method: 'POST' });

    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('expired');
    expect((await c.entry(id))?.state).toBe('pending');
    expect((await c.entry(other.id))?.state).toBe('pending');
  });

  it('says a comment approved on the desk meanwhile was already approved, and Reject never unpublishes it', async () => {
    const { id, links } = await aWaitingComment();
    await c.open(links.approve, { method: 'POST' });
    const reply = await aWaitingComment();
    await c.request('/api/coach/comments/approve', { method: 'POST', cookie: await c.signIn(), form: { id: reply.id } });

    const rejected = await c.open(reply.links.reject, { method: 'POST' });

    expect(await rejected.text()).toContain('already published');
    expect(await c.published(reply.id)).not.toBeNull();
    expect((await c.entry(id))?.state).toBe('approved');
  });
});

describe('Reply from the coach’s email', () => {
  it('opens a page with a box for the reply; an empty reply is refused and the link still works', async () => {
    const { links } = await aWaitingComment();

    const page = await (await c.open(links.reply)).text();
    expect(page).toContain('<textarea id="reply-text" name="reply"');

    const empty = await c.open(links.reply, { method: 'POST', form: { reply: '   ' } });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Please write your reply.');
    expect(await listKeys(c.linkBlobs)).toEqual([]);
  });

  it('publishes her reply under the comment, marked as hers, approving the comment with it; once', async () => {
    const { id, links } = await aWaitingComment();

    const response = await c.open(links.reply, { method: 'POST', form: { reply: 'Thank you, Grace. <em>Yes</em>.' } });

    expect(response.status).toBe(200);
    expect((await c.entry(id))?.state).toBe('approved');
    expect(await c.published(id)).not.toBeNull();
    const replies = (await listKeys(c.commentBlobs)).filter((k) => k.startsWith(`published/${POST}/`) && !k.endsWith(id));
    expect(replies).toHaveLength(1);
    const reply = (await c.commentBlobs.get(replies[0]!, { type: 'json' })) as Record<string, unknown>;
    expect(reply).toMatchObject({ postSlug: POST, parentId: id, name: SITE.coachName, body: 'Thank you, Grace. <em>Yes</em>.', byCoach: true });

    expect((await c.open(links.reply, { method: 'POST', form: { reply: 'Again' } })).status).toBe(410);
    expect((await listKeys(c.commentBlobs)).filter((k) => k.startsWith(`published/${POST}/`))).toHaveLength(2);
  });

  it('emails a reader who asked exactly once, even when the retry task runs after it', async () => {
    const { links } = await aWaitingComment({ notify: 'on', name: 'Grace <b>H</b>', comment: 'My <i>own</i> words' });

    await c.open(links.reply, { method: 'POST', form: { reply: 'Glad it <script>helped</script>.' } });
    await run();
    c.h.clock.set(c.h.clock.now().toISOString(), 3600_000);
    await run();

    expect(replyEmails()).toHaveLength(1);
    const { body } = replyEmails()[0]!;
    expect(body.subject).toBe(`${SITE.coachName} replied to your comment on “Homework that gets done”`);
    expect(body.html).toContain('Glad it &lt;script&gt;helped&lt;/script&gt;.');
    expect(body.html).toContain('My &lt;i&gt;own&lt;/i&gt; words');
    expect(body.html).toContain('Hi Grace,');
    expect(body.html).not.toMatch(/<script|<i>|<b>/);
    expect(body.text).toMatch(/\/api\/comments\/unsubscribe\?purpose=comment-unsubscribe/);
    expect((await listKeys(c.commentBlobs)).filter((k) => k.startsWith('notices/'))).toEqual([]);
  });

  it('emails no one who did not ask', async () => {
    const { links } = await aWaitingComment();

    await c.open(links.reply, { method: 'POST', form: { reply: 'Thanks!' } });
    await run();

    expect(replyEmails()).toEqual([]);
  });

  it('retries a reply email that failed for a while, and still sends it once', async () => {
    const { links } = await aWaitingComment({ notify: 'on' });
    c.h.resend.failNext(1, 'server_error');

    await c.open(links.reply, { method: 'POST', form: { reply: 'Thanks!' } });
    expect(replyEmails()).toEqual([]);
    c.h.clock.set(c.h.clock.now().toISOString(), 5 * 60_000);
    await run();
    await run();

    expect(replyEmails()).toHaveLength(1);
  });

  it('refuses to reply to a rejected comment, and publishes nothing', async () => {
    const { id, links } = await aWaitingComment({ notify: 'on' });
    await c.open(links.reject, { method: 'POST' });

    const response = await c.open(links.reply, { method: 'POST', form: { reply: 'Hello' } });

    expect(await response.text()).toContain('was rejected');
    expect((await listKeys(c.commentBlobs)).filter((k) => k.startsWith('published/'))).toEqual([]);
    expect((await c.entry(id))?.state).toBe('rejected');
    expect(replyEmails()).toEqual([]);
  });
});

describe('unsubscribing from reply emails', () => {
  it('opens a page with one button; pressing it stops reply emails for every comment from that address', async () => {
    const first = await aWaitingComment({ notify: 'on', email: 'ada@example.org' });
    const second = await aWaitingComment({ notify: 'on', email: 'ADA@example.org', comment: 'And another thing.' });
    await c.open(first.links.reply, { method: 'POST', form: { reply: 'One' } });
    const stop = /(https:\/\/\S+\/api\/comments\/unsubscribe\?\S+)/.exec(replyEmails()[0]!.body.text)![1]!;

    const opened = await c.open(stop);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('Stop these emails');
    expect((await c.entry(second.id))?.notify).toBe(true);

    const pressed = await c.open(stop, { method: 'POST' });
    expect(pressed.status).toBe(200);
    expect((await c.open(stop, { method: 'POST' })).status).toBe(200);
    expect((await c.entry(first.id))?.notify).toBe(false);
    expect((await c.entry(second.id))?.notify).toBe(false);

    await c.open(second.links.reply, { method: 'POST', form: { reply: 'Two' } });
    await run();
    expect(replyEmails()).toHaveLength(1);
  });

  it('also stops in one click from the mail program (List-Unsubscribe-Post, RFC 8058)', async () => {
    const { id, links } = await aWaitingComment({ notify: 'on' });
    await c.open(links.reply, { method: 'POST', form: { reply: 'One' } });
    const { headers } = replyEmails()[0]!.body;
    expect(headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const stop = /^<(https:\/\/\S+\/api\/comments\/unsubscribe\?\S+)>$/.exec(headers?.['List-Unsubscribe'] ?? '')![1]!;

    // A mail provider posts without a browser's Origin or Sec-Fetch-Site.
    const oneClick = await c.handle(new Request(stop, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }));

    expect(oneClick.status).toBe(200);
    expect((await c.entry(id))?.notify).toBe(false);
  });

  it('stops in one click carrying another site’s Origin too, as the homework stop link does (a webmail page posting it)', async () => {
    const { id, links } = await aWaitingComment({ notify: 'on' });
    await c.open(links.reply, { method: 'POST', form: { reply: 'One' } });
    const stop = /^<(\S+)>$/.exec(replyEmails()[0]!.body.headers?.['List-Unsubscribe'] ?? '')![1]!;
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://webmail.example', 'Sec-Fetch-Site': 'cross-site' };

    const oneClick = await c.handle(new Request(stop, { method: 'POST', headers, body: 'List-Unsubscribe=One-Click' }));
    const notOneClick = await c.handle(new Request(stop, { method: 'POST', headers, body: 'List-Unsubscribe=Yes-Please' }));

    expect(oneClick.status).toBe(200);
    expect((await c.entry(id))?.notify).toBe(false);
    expect(notOneClick.status).toBe(403);
  });
});

describe('a missing setting', () => {
  it('never costs a comment: it is stored, its email waits naming the variable, and goes once the setting is there', async () => {
    const unready = { ...c.cdeps(), email: { catalog: c.deps.catalog, siteUrl: c.deps.email.siteUrl, ready: false as const, problems: [{ variable: 'FROM_EMAIL', message: 'FROM_EMAIL is not set.' }] } };
    const id = await idOf(await handleComments(commentPost(aComment({ id: crypto.randomUUID() }), { json: true }), unready));

    expect((await c.entry(id))?.moderation).toMatchObject({ status: 'pending', lastError: 'missing_setting' });
    expect(c.h.logs.some((line) => line.includes('comments.moderation_missing_setting') && line.includes('FROM_EMAIL'))).toBe(true);
    expect(c.moderationEmails()).toEqual([]);

    await run();
    expect(c.moderationEmails()).toHaveLength(1);
    expect((await c.entry(id))?.moderation.status).toBe('sent');
  });
});

describe('the hourly cap on moderation emails', () => {
  it(`emails the coach about at most ${MODERATION_EMAILS_PER_HOUR} comments an hour; the rest wait on the desk and in the morning count`, async () => {
    const ids: string[] = [];
    for (let i = 0; i <= MODERATION_EMAILS_PER_HOUR; i++) ids.push((await aWaitingCommentQuietly(i)).id);

    expect(c.moderationEmails()).toHaveLength(MODERATION_EMAILS_PER_HOUR);
    expect((await c.entry(ids.at(-1)!))?.moderation.status).toBe('capped');
    const waiting = await commentsWaiting(c.deps);
    expect(waiting).toMatchObject({ ok: true, value: { count: MODERATION_EMAILS_PER_HOUR + 1, notEmailed: 1 } });
    const desk = await (await c.request('/coach/comments/', { cookie: await c.signIn() })).text();
    expect(desk).toContain(`Waiting for you (${MODERATION_EMAILS_PER_HOUR + 1})`);
    expect(desk).toContain('not emailed: the hour’s moderation emails were used up');

    // The morning summary names the ones never emailed first, then the oldest, and counts the rest.
    await c.post(aComment({ leave_this_blank: 'bot' }));
    const now = c.h.clock.now();
    const summary = await sendMorningSummary(c.deps, { now, since: new Date(now.getTime() - 24 * 3600_000), day: '2026-11-25' }, [commentsSection]);
    expect(summary.sent).toBe(true);
    const { subject, text } = c.h.resend.sent.find((m) => m.idempotencyKey?.startsWith('morning-summary/'))!.body;
    expect(subject).toContain(`${MODERATION_EMAILS_PER_HOUR + 1} comments waiting`);
    expect(text).toMatch(/“Comment number 10\.”\n\s+No email came to you about this one/);
    expect(text).toContain(`And ${MODERATION_EMAILS_PER_HOUR + 1 - 5} more comments waiting`);
    expect(text).toContain('1 comment held as spam');
    expect(text).toContain('/coach/comments/');

    // The retry task does not send a capped one later; a new hour has new room.
    await run();
    expect(c.moderationEmails()).toHaveLength(MODERATION_EMAILS_PER_HOUR);
    c.h.clock.set(c.h.clock.now().toISOString(), 3600_000);
    await aWaitingCommentQuietly(99);
    expect(c.moderationEmails()).toHaveLength(MODERATION_EMAILS_PER_HOUR + 1);
  });

  it('holds under simultaneous comments too', async () => {
    await Promise.all(Array.from({ length: MODERATION_EMAILS_PER_HOUR + 5 }, (_, i) => aWaitingCommentQuietly(i)));

    expect(c.moderationEmails()).toHaveLength(MODERATION_EMAILS_PER_HOUR);
  });
});

/** A comment posted without reading its links (the cap may have kept its email back). */
async function aWaitingCommentQuietly(n: number) {
  return { id: await idOf(await c.post(aComment({ id: crypto.randomUUID(), comment: `Comment number ${n}.` }), { json: true })) };
}
