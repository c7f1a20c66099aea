/**
 * A reader leaves a comment under a post: with and without JavaScript, what they are told, what
 * is stored (nothing published yet), the coach's email with every typed value escaped, the
 * form's checks, and spam held whole for the coach to release or delete.
 */
import { describe, expect, it } from 'vitest';
import { COMMENT_FORM_TEXT, MAX_COMMENT_LINKS } from '#src/forms/comment.ts';
import { fieldId } from '#src/forms/fieldId.ts';
import { releaseHeldComment } from '#server/comments/acceptComment.ts';
import { handleComments } from '#server/comments/handleComments.ts';
import { createCommentStore } from '#server/comments/commentStore.ts';
import { aComment, commentPost, idOf, POST, useComments } from '../support/comments';
import { listKeys } from '../support/localStore';
import { SITE_URL } from '../support/pipeline';

const c = useComments();

const HOSTILE = {
  name: 'Mallory <img src=x onerror=alert(1)>',
  comment: 'Nice post </textarea><script>alert("c")</script> & "quotes"',
  website: 'https://evil.example/?q="><script>alert(2)</script>',
};

async function onlyEntry() {
  const keys = (await listKeys(c.commentBlobs)).filter((k) => k.startsWith('received/'));
  expect(keys).toHaveLength(1);
  return (await c.entry(keys[0]!.slice('received/'.length)))!;
}

describe('posting a comment without JavaScript', () => {
  it('answers with a thank-you page that shows the comment as sent, escaped, and a way back to the post', async () => {
    const response = await c.post(aComment(HOSTILE));

    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(COMMENT_FORM_TEXT.thanks);
    expect(page).toContain('Nice post &lt;/textarea&gt;&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(page).toContain('Mallory &lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('https://evil.example/?q=&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page).not.toMatch(/<script|<img/);
    expect(page).toContain(`href="/blog/${POST}/"`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('stores it waiting for approval, publishes nothing, and emails the coach once with the three links', async () => {
    await c.post(aComment({ notify: 'on' }));

    const entry = await onlyEntry();
    expect(entry).toMatchObject({ postSlug: POST, state: 'pending', notify: true, moderation: { status: 'sent', attempts: 1 } });
    const keys = await listKeys(c.commentBlobs);
    expect(keys.filter((k) => k.startsWith('published/'))).toEqual([]);
    expect(keys).toContain(`waiting/${entry.id}`);
    const [email] = c.moderationEmails();
    expect(c.moderationEmails()).toHaveLength(1);
    expect(email!.body.to).toEqual(['coach@example.com']);
    expect(email!.body.subject).toBe('Comment from Grace Hopper on “Homework that gets done”');
    const links = c.linksFor(entry.id);
    expect(links.approve).toMatch(/^https:\/\/unstuck\.example\.com\/api\/comments\/moderate\?purpose=comment-moderate&c=.*&d=approve&lid=/);
    expect(new URL(links.approve).searchParams.get('lid')).toBe(new URL(links.reject).searchParams.get('lid'));
    expect(new URL(links.reply).searchParams.get('lid')).not.toBe(new URL(links.approve).searchParams.get('lid'));
    expect(email!.body.text).toContain(entry.email);
    expect(email!.body.text).toContain(`${SITE_URL}/blog/${POST}/`);
  });

  it('escapes every field the reader typed in the coach’s email', async () => {
    await c.post(aComment(HOSTILE));

    const { html, subject } = c.moderationEmails()[0]!.body;
    expect(html).toContain('Mallory &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Nice post &lt;/textarea&gt;&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('https://evil.example/?q=&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<img/);
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it('lands once when the same form is sent twice (a double click: no id without JavaScript)', async () => {
    const fields = aComment();
    await c.post(fields);
    await c.post(fields);

    await onlyEntry();
    expect(c.moderationEmails()).toHaveLength(1);
  });

  it('flags a send faster than a person types, for the coach', async () => {
    await c.post(aComment({ elapsedMs: '400' }));

    expect((await onlyEntry()).flags).toEqual(['fast-send']);
    expect(c.moderationEmails()[0]!.body.text).toContain('Sent very quickly after the page opened');
  });
});

describe('posting a comment with JavaScript', () => {
  it('answers 201 with the id and the same words', async () => {
    const response = await c.post(aComment({ id: crypto.randomUUID() }), { json: true });

    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; status: string; message: string };
    expect(body.status).toBe('awaiting-approval');
    expect(body.message).toBe(COMMENT_FORM_TEXT.thanks);
    expect((await c.entry(body.id))?.state).toBe('pending');
  });

  it('keeps a changed comment sent again under the same id as a second comment, not over the first', async () => {
    const id = crypto.randomUUID();
    const first = await idOf(await c.post(aComment({ id, comment: 'First thought.' }), { json: true }));
    const second = await idOf(await c.post(aComment({ id, comment: 'Second thought.' }), { json: true }));

    expect(first).toBe(id);
    expect(second).not.toBe(id);
    expect((await c.entry(first))?.body).toBe('First thought.');
    expect((await c.entry(second))?.body).toBe('Second thought.');
  });
});

describe('the form’s checks', () => {
  it.each([
    ['no comment', { comment: '' }, 'comment', 'Please write your comment.'],
    ['no name', { name: '' }, 'name', 'Please fill this in.'],
    ['no email', { email: '' }, 'email', 'Please fill this in.'],
    ['an email that is not one', { email: 'grace@' }, 'email', 'like name@example.com'],
    ['a website that is not http(s)', { website: 'javascript:alert(1)' }, 'website', 'starting with https://'],
    ['too many links', { comment: 'https://a.example https://b.example https://c.example www.d.example' }, 'comment', `${MAX_COMMENT_LINKS} links or fewer`],
    ['too many links written with an encoded colon', { comment: [1, 2, 3, 4].map((n) => `https&#58;//${n}.example/`).join(' ') }, 'comment', 'this has 4'],
    ['too many links written with an escaped colon', { comment: [1, 2, 3, 4].map((n) => `https\\://${n}.example/`).join(' ') }, 'comment', 'this has 4'],
    ['too many Markdown links with encoded addresses', { comment: [1, 2, 3, 4].map((n) => `[${n}](https&#58;//${n}.example/)`).join(' ') }, 'comment', 'this has 4'],
    ['a name that is an address', { name: 'cheap-pills.com' }, 'name', 'not a web address'],
    ['a name with a right-to-left override', { name: 'Grace \u202eReppoh' }, 'name', 'text-direction characters'],
    ['a name with a direction isolate', { name: 'Grace \u2066Hopper\u2069' }, 'name', 'text-direction characters'],
    ['a name with a NUL', { name: 'Grace\u0000Hopper' }, 'name', 'text-direction characters'],
    ['a name with a line break', { name: 'Grace\nHopper' }, 'name', 'text-direction characters'],
    ['a name with a next-line character', { name: 'Grace\u0085Hopper' }, 'name', 'text-direction characters'],
    ['a comment too long', { comment: 'x'.repeat(5001) }, 'comment', 'under 5,000 characters'],
    ['a post that does not exist', { post: 'no-such-post' }, 'post', 'does not take comments'],
    ['a draft', { post: 'a-draft' }, 'post', 'does not take comments'],
    ['a post not published yet', { post: 'coming-later' }, 'post', 'does not take comments'],
  ])('refuses %s with 422, stores nothing and emails no one', async (_name, changes, field, message) => {
    const json = await c.post(aComment(changes), { json: true });
    expect(json.status).toBe(422);
    expect(((await json.json()) as { errors: Record<string, string[]> }).errors[field]!.join(' ')).toContain(message);

    const html = await c.post(aComment(changes));
    expect(html.status).toBe(422);
    expect(await html.text()).toContain(message.replace(/'/g, '&#39;'));
    expect((await listKeys(c.commentBlobs)).filter((k) => !k.startsWith('moderation-sent/'))).toEqual([]);
    expect(c.h.resend.sent).toEqual([]);
  });

  it('accepts a name written with a zero-width non-joiner, as Persian names are, and three links however they are written', async () => {
    const response = await c.post(aComment({ name: 'Mehr\u200cnoosh', comment: '[one](https&#58;//a.example/) https\\://b.example/ https://c.example/' }), { json: true });

    expect(response.status).toBe(201);
  });

  it('shows the form again without JavaScript, with everything typed (escaped) and each problem tied to its field', async () => {
    const response = await c.post(aComment({ ...HOSTILE, email: 'not-an-address', notify: 'on' }));

    expect(response.status).toBe(422);
    const page = await response.text();
    const email = fieldId('email');
    expect(page).toMatch(new RegExp(`<input type="email" name="email" id="${email}"[^>]*aria-describedby="${email}-error" aria-invalid="true" value="not-an-address">`));
    expect(page).toContain(`<p class="field__error" id="${email}-error">Please enter an email address like name@example.com.</p>`);
    expect(page).toContain(`<a href="#${email}">Email: Please enter an email address like name@example.com.</a>`);
    expect(page).toContain('>Nice post &lt;/textarea&gt;&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;</textarea>');
    expect(page).toContain('value="Mallory &lt;img src=x onerror=alert(1)&gt;"');
    expect(page).toMatch(/name="notify" id="field-notify" checked/);
    expect(page).toContain(`<input type="hidden" name="post" value="${POST}">`);
    expect(page).toContain('<form class="comment-form" method="post" action="/api/comments"');
    expect(page).not.toMatch(/<script|<img/);
  });

  it('says plainly when storage did not confirm the write, keeping what was typed, and sending again is safe', async () => {
    // A store whose writes fail, as Netlify Blobs does in an outage.
    const failing = new Proxy(c.commentBlobs, {
      get: (target, key) => (key === 'set' || key === 'setJSON' ? async () => Promise.reject(new Error('down')) : Reflect.get(target, key, target)),
    });
    const deps = { ...c.cdeps(), comments: createCommentStore(failing) };
    const fields = aComment({ comment: 'Words <worth> keeping' });

    const page = await handleComments(commentPost(fields), deps);
    const json = await handleComments(commentPost(fields, { json: true }), deps);

    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('30');
    const text = await page.text();
    expect(text).toContain('We could not confirm that your comment was saved. Sending it again is safe');
    expect(text).toContain('>Words &lt;worth&gt; keeping</textarea>');
    expect(text).not.toContain(COMMENT_FORM_TEXT.thanks);
    expect(json.status).toBe(503);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('storage_unconfirmed');
    expect(c.h.resend.sent).toEqual([]);

    expect((await c.post(fields)).status).toBe(200);
    await onlyEntry();
  });

  it('refuses a post from another site', async () => {
    const response = await c.handle(commentPost(aComment(), { headers: { Origin: 'https://elsewhere.example', 'Sec-Fetch-Site': 'cross-site' } }));

    expect(response.status).toBe(403);
    expect(await listKeys(c.commentBlobs)).toEqual([]);
  });

  it('answers any other method with 405', async () => {
    expect((await c.handle(new Request(new URL('/api/comments', SITE_URL)))).status).toBe(405);
  });
});

describe('spam', () => {
  it('is answered like a real comment, held whole, and never emailed or published', async () => {
    const response = await c.post(aComment({ leave_this_blank: 'https://spam.example', comment: 'Buy now' }), { json: true });

    expect(response.status).toBe(201);
    const keys = await listKeys(c.commentBlobs);
    const held = keys.filter((k) => k.startsWith('held/'));
    expect(held).toHaveLength(1);
    expect(keys.filter((k) => k.startsWith('received/') || k.startsWith('published/') || k.startsWith('waiting/'))).toEqual([]);
    expect((await c.commentBlobs.get(held[0]!, { type: 'json' })) as object).toMatchObject({ reason: 'honeypot', fields: { comment: 'Buy now', post: POST } });
    expect(c.h.resend.sent).toEqual([]);
  });

  it('is released by the coach as a comment waiting for approval, checked against when it arrived, without an email', async () => {
    await c.post(aComment({ leave_this_blank: 'x' }));
    const [heldKey] = (await listKeys(c.commentBlobs)).filter((k) => k.startsWith('held/'));

    const released = await releaseHeldComment(heldKey!.slice('held/'.length), c.cdeps());

    expect(released).toMatchObject({ ok: true, value: { outcome: 'released' } });
    const entry = await onlyEntry();
    expect(entry).toMatchObject({ state: 'pending', flags: ['released-from-spam'], moderation: { status: 'not-needed' } });
    expect((await listKeys(c.commentBlobs)).filter((k) => k.startsWith('held/'))).toEqual([]);
    expect(c.h.resend.sent).toEqual([]);
  });

  it('stays held when it does not pass the form’s checks', async () => {
    await c.post(aComment({ leave_this_blank: 'x', email: 'nope' }));
    const [heldKey] = (await listKeys(c.commentBlobs)).filter((k) => k.startsWith('held/'));

    const released = await releaseHeldComment(heldKey!.slice('held/'.length), c.cdeps());

    expect(released).toMatchObject({ ok: true, value: { outcome: 'still-held' } });
    expect(await listKeys(c.commentBlobs)).toContain(heldKey);
  });
});
