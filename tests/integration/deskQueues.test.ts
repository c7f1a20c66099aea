/** The desk's queues: posts held as spam (deliver or delete), emails waiting to go out (send now), and the activity log. */
import { describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { issueSignInLink } from '#server/desk/routes/signIn.ts';
import { cookieFrom, useDesk } from '../support/desk';
import { formPost, handlersOf, VALID } from '../support/forms';

const d = useDesk();

const holdOne = async () => {
  const fields = VALID.reflection({ [HONEYPOT_FIELD]: 'bot', name: 'Ada <i>Lovelace</i>' });
  await handleSubmission(formPost('reflection', fields), handlersOf(d.h.deps).reflection, d.h.deps);
  return fields;
};

describe('held as spam, on the desk', () => {
  it('lists each held post with why it was held, every value escaped', async () => {
    const cookie = await d.signIn();
    const fields = await holdOne();

    const html = await (await d.request('/coach/spam/', { cookie })).text();

    expect(html).toContain('Ada &lt;i&gt;Lovelace&lt;/i&gt;');
    expect(html).toContain(fields.email);
    expect(html).toContain('a hidden field people never see was filled in');
    expect(html).toContain(`name="id" value="${fields.id}"`);
  });

  it('delivers a post marked "not spam" as if it had just arrived, and records who did it', async () => {
    const cookie = await d.signIn();
    const fields = await holdOne();

    const response = await d.request('/api/coach/spam/release', { method: 'POST', cookie, form: { id: fields.id! } });
    await Promise.all(d.background);

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/coach/spam/?done=released');
    expect(await d.h.record('reflection', fields.id!)).toMatchObject({ flags: ['released-from-spam'] });
    expect(d.h.emailsFor('reflection', fields.id!).coach).toHaveLength(1);
    const activity = await (await d.request('/coach/activity/', { cookie })).text();
    expect(activity).toContain('Released from spam');
    expect(activity).toContain(`client ${emailHash(fields.email!).slice(0, 8)}`);
    expect(activity).not.toContain(fields.email);
  });

  it('deletes a held post, and says so plainly when it is already gone', async () => {
    const cookie = await d.signIn();
    const fields = await holdOne();

    const first = await d.request('/api/coach/spam/delete', { method: 'POST', cookie, form: { id: fields.id! } });
    const second = await d.request('/api/coach/spam/delete', { method: 'POST', cookie, form: { id: fields.id! } });

    expect(first.headers.get('location')).toBe('/coach/spam/?done=deleted');
    expect(second.headers.get('location')).toBe('/coach/spam/?done=gone');
    expect(await (await d.request('/coach/spam/?done=deleted', { cookie })).text()).toContain('Nothing is held.');
  });
});

describe('waiting to be emailed, on the desk', () => {
  it('shows a submission whose email failed, with its last error, and sends it at once on "Send now"', async () => {
    const cookie = await d.signIn();
    const fields = VALID.commitment();
    d.h.resend.failNext(2, 'server_error');
    await handleSubmission(formPost('commitment', fields), handlersOf(d.h.deps).commitment, d.h.deps);

    const page = await (await d.request('/coach/pending/', { cookie })).text();
    const sent = await d.request('/api/coach/pending/send', { method: 'POST', cookie, form: { kind: 'commitment', id: fields.id! } });

    expect(page).toContain('application_error');
    expect(page).toContain('Send now');
    expect(sent.headers.get('location')).toBe('/coach/pending/?done=sent');
    expect(d.h.emailsFor('commitment', fields.id!)).toMatchObject({ coach: [expect.anything()], client: [expect.anything()] });
    expect(await (await d.request('/coach/pending/', { cookie })).text()).toContain('Nothing is waiting.');
  });
});

describe('the activity log', () => {
  it('records signing in and out', async () => {
    const cookie = await d.signIn();
    await d.request('/api/coach/sign-out', { method: 'POST', cookie });
    const again = await d.signIn();

    const html = await (await d.request('/coach/activity/', { cookie: again })).text();

    expect(html.match(/Signed in/g)).toHaveLength(2);
    expect(html).toContain('Signed out');
  });
});

describe('an email the provider refused for good', () => {
  // The sender's domain is not verified yet: Resend refuses every email, for good (403).
  const domains: string[] = ['unstuck.example.com'];
  const refused = useDesk({ harness: { resend: { verifiedDomains: domains } } });

  it('is never reported "sent" while it is refused, and goes once the coach has fixed the setting and tries again', async () => {
    // Email is refused, so the coach signs in as `npm run coach:link` lets her.
    const settings = refused.deps.settings.ready ? refused.deps.settings.value : undefined;
    const issued = await issueSignInLink(refused.deps, settings!, refused.h.clock.now());
    const cookie = cookieFrom(await refused.request(issued.ok ? issued.value.url : '', { method: 'POST' }));
    const fields = VALID.reflection();
    await handleSubmission(formPost('reflection', fields), handlersOf(refused.h.deps).reflection, refused.h.deps);
    expect((await refused.h.record('reflection', fields.id!))!.notifications.coach.status).toBe('failed');

    const page = await (await refused.request('/coach/pending/', { cookie })).text();
    const stillRefused = await refused.request('/api/coach/pending/send', { method: 'POST', cookie, form: { kind: 'reflection', id: fields.id! } });
    domains.push('example.com');
    const fixed = await refused.request('/api/coach/pending/send', { method: 'POST', cookie, form: { kind: 'reflection', id: fields.id! } });

    expect(page).toContain('refused for good');
    expect(page).toContain('Try again');
    expect(stillRefused.headers.get('location')).toBe('/coach/pending/?done=send-later');
    expect(fixed.headers.get('location')).toBe('/coach/pending/?done=sent');
    expect(refused.h.emailsFor('reflection', fields.id!)).toMatchObject({ coach: [expect.anything()], client: [expect.anything()] });
  });
});
