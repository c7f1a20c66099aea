/** Sending a client something worth reading, and the client's page marking their submissions read. */
import { describe, expect, it } from 'vitest';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { readLibrary } from '#server/reading/library.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { useDesk } from '../support/desk';
import { formPost, handlersOf, VALID } from '../support/forms';

const d = useDesk();

async function aClient() {
  const fields = VALID.intake({ name: 'Rosa Díaz', preferredName: 'Ro', goals: 'Get my job search going again: my resume, my LinkedIn profile, a few applications a week.' });
  await handleSubmission(formPost('intake', fields), handlersOf(d.h.deps).intake, d.h.deps);
  return { fields, hash: emailHash(fields.email!) };
}

describe('sending something worth reading', () => {
  it('suggests what matches the client’s own words, showing the words that matched', async () => {
    const cookie = await d.signIn();
    const { hash } = await aClient();

    const html = await (await d.request(`/coach/clients/${hash}/reading/`, { cookie })).text();

    const suggested = html.slice(html.indexOf('Suggested from their own words'), html.indexOf('Your message'));
    expect(suggested.match(/<li>/g)).toHaveLength(3);
    expect(suggested).toMatch(/Matched: “(job|search|resume)”/);
    expect(suggested).toContain('from intake:');
  });

  it('previews exactly the email, then sends it once to the client, with the coach’s note, and records it', async () => {
    const cookie = await d.signIn();
    const { fields, hash } = await aClient();
    const library = readLibrary();
    if (!library.ok) throw new Error('The generated reading library should be readable');
    const item = library.value[0]!;
    const key = `${item.kind}:${item.slug}`;

    const preview = await (await d.request(`/coach/clients/${hash}/reading/?item=${encodeURIComponent(key)}&note=${encodeURIComponent('Thought of you <3')}`, { cookie })).text();
    const send = () => d.request('/api/coach/reading/send', { method: 'POST', cookie, form: { client: hash, item: key, note: 'Thought of you <3' } });
    const first = await send();
    await send();

    expect(preview).toContain('Thought of you &lt;3');
    expect(preview).toContain(`Something worth reading: ${item.title}`.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
    expect(first.headers.get('location')).toBe(`/coach/clients/${hash}/?done=reading-sent`);
    const sent = d.h.resend.sent.filter((m) => m.idempotencyKey?.startsWith('reading/'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.to).toEqual([fields.email]);
    expect(sent[0]!.body.text).toMatch(/^Thought of you <3\n/);
    expect(sent[0]!.body.text).toContain('picked this for you, Ro.');
    expect(await (await d.request('/coach/activity/', { cookie })).text()).toContain('Sent something worth reading');
  });
});

describe('the client’s page', () => {
  it('marks their submissions read in the inbox once the coach has looked', async () => {
    const cookie = await d.signIn();
    const { hash } = await aClient();
    await Promise.all(d.background);
    const before = await (await d.request('/coach/?state=new', { cookie })).text();

    await d.request(`/coach/clients/${hash}/`, { cookie });
    const after = await (await d.request('/coach/?state=new', { cookie })).text();

    expect(before).toContain('Rosa Díaz');
    expect(after).not.toContain('Rosa Díaz');
    expect(await (await d.request('/coach/?state=read', { cookie })).text()).toContain('Rosa Díaz');
  });
});
