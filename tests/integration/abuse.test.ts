import { describe, expect, it } from 'vitest';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import type { SpamRecord } from '#server/submissions/records.ts';
import { ELAPSED_MS_FIELD, HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { formPost, handlersOf, VALID } from '../support/forms';
import { listKeys } from '../support/localStore';
import { COACH_EMAIL, SITE_URL, useHarness } from '../support/pipeline';

const h = useHarness();

const withHeaders = (request: Request, headers: Record<string, string>) => {
  const copy = new Request(request, { headers: new Headers(request.headers) });
  for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
  return copy;
};

describe('a bot that fills in the honeypot', () => {
  it('is told its post was accepted, but it is kept apart under spam/ and nobody is emailed', async () => {
    const fields = VALID.reflection({ [HONEYPOT_FIELD]: 'https://cheap-pills.example' });

    const response = await handleSubmission(formPost('reflection', fields), handlersOf(h.deps).reflection, h.deps);

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: fields.id });
    const spam = (await h.blobs.get(`spam/${fields.id}`, { type: 'json' })) as SpamRecord;
    expect(spam).toMatchObject({ kind: 'spam', form: 'reflection', reason: 'honeypot', fields: { reflection: fields.reflection } });
    expect(await h.record('reflection', fields.id!)).toBeNull();
    expect(h.resend.sent).toEqual([]);
    expect(await listKeys(h.blobs)).not.toContain(`pending/reflection/${fields.id}`);
  });

  it('gets the same redirect as a person when it posts a plain HTML form', async () => {
    const fields = VALID.intake({ [HONEYPOT_FIELD]: 'x' });
    const response = await handleSubmission(formPost('intake', fields, { encoding: 'urlencoded', accept: 'text/html' }), handlersOf(h.deps).intake, h.deps);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/thanks/intake/?ref=${fields.id}`);
    expect(h.resend.sent).toEqual([]);
  });
});

describe('the time it took to fill the form, as the page measured it', () => {
  it('delivers a send faster than a person types, flagged for the coach', async () => {
    const fields = VALID.commitment({ [ELAPSED_MS_FIELD]: '1500' });
    const response = await handleSubmission(formPost('commitment', fields), handlersOf(h.deps).commitment, h.deps);
    expect(response.status).toBe(201);
    expect((await h.record('commitment', fields.id!))!.flags).toEqual(['fast-send']);
    expect(h.resend.sent).toHaveLength(2);
  });

  it('delivers a restored intake draft sent without an edit, flagged, and keeps nothing as spam', async () => {
    const fields = VALID.intake({ [ELAPSED_MS_FIELD]: '0' });
    await handleSubmission(formPost('intake', fields, { encoding: 'multipart' }), handlersOf(h.deps).intake, h.deps);
    expect((await h.record('intake', fields.id!))!.flags).toEqual(['fast-send']);
    const { coach } = h.emailsFor('intake', fields.id!);
    expect(coach).toHaveLength(1);
    expect(coach[0]!.body.subject).toMatch(/^\[Check: sent quickly\] Intake questionnaire from /);
    expect(coach[0]!.body.text).toContain('sent within seconds of the first keystroke');
    expect((await listKeys(h.blobs)).filter((key) => key.startsWith('spam/'))).toEqual([]);
  });

  it.each([
    ['hours ahead', +5 * 3_600_000],
    ['hours behind', -5 * 3_600_000],
  ])('judges a client whose clock is %s by the time its page measured alone', async (_label, offset) => {
    // A page from before this change, still open, sends its own clock's time as startedAt.
    const fields = VALID.commitment({ startedAt: String(h.clock.now().getTime() + offset), [ELAPSED_MS_FIELD]: '60000' });
    await handleSubmission(formPost('commitment', fields), handlersOf(h.deps).commitment, h.deps);
    expect((await h.record('commitment', fields.id!))!.flags).toBeUndefined();
    expect(h.resend.sent).toHaveLength(2);
  });

  it('does not judge a plain HTML post, which sends the measure empty', async () => {
    const fields = VALID.reflection({ [ELAPSED_MS_FIELD]: '' });
    await handleSubmission(formPost('reflection', fields, { encoding: 'urlencoded' }), handlersOf(h.deps).reflection, h.deps);
    expect((await h.record('reflection', fields.id!))!.flags).toBeUndefined();
  });
});

describe('free text full of links', () => {
  it('is kept and sent, flagged for the coach to review', async () => {
    const links = 'See https://a.example, https://b.example, www.c.example and http://d.example';
    const fields = VALID.reflection({ reflection: links });

    await handleSubmission(formPost('reflection', fields), handlersOf(h.deps).reflection, h.deps);

    expect((await h.record('reflection', fields.id!))!.flags).toEqual(['many-links']);
    const [coach] = h.emailsFor('reflection', fields.id!).coach;
    expect(coach!.body.subject).toMatch(/^\[Check: many links\] Reflection from /);
  });

  it('is not flagged for a few links or for the profile address fields', async () => {
    const fields = VALID.intake({ goals: 'Like https://a.example and https://b.example', linkedinUrl: 'https://www.linkedin.com/in/someone' });
    await handleSubmission(formPost('intake', fields), handlersOf(h.deps).intake, h.deps);
    expect((await h.record('intake', fields.id!))!.flags).toBeUndefined();
  });
});

describe('a post from another site', () => {
  it.each([
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site subdomain', { 'sec-fetch-site': 'same-site' }],
    ['another origin', { origin: 'https://evil.example' }],
    ['an opaque origin', { origin: 'null' }],
  ])('is refused with 403 when it is %s, and nothing is stored or sent', async (_label, headers) => {
    const fields = VALID.reflection();
    const response = await handleSubmission(withHeaders(formPost('reflection', fields), headers), handlersOf(h.deps).reflection, h.deps);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('cross_site');
    expect(await listKeys(h.blobs)).toEqual([]);
    expect(h.resend.sent).toEqual([]);
  });

  it.each([
    ['the site itself', { 'sec-fetch-site': 'same-origin', origin: SITE_URL }],
    ['a direct visit', { 'sec-fetch-site': 'none' }],
    ['the site origin without fetch metadata', { origin: SITE_URL }],
    ['a script without browser headers', {}],
  ])('is accepted from %s', async (_label, headers) => {
    const fields = VALID.reflection();
    const response = await handleSubmission(withHeaders(formPost('reflection', fields), headers), handlersOf(h.deps).reflection, h.deps);
    expect(response.status).toBe(201);
  });

  it('never gets CORS headers, so other sites cannot read an answer', async () => {
    const response = await handleSubmission(withHeaders(formPost('reflection', VALID.reflection()), { origin: SITE_URL }), handlersOf(h.deps).reflection, h.deps);
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});

describe('header injection', () => {
  it('cannot add a mail header or a recipient through the name', async () => {
    const fields = VALID.reflection({ name: 'Eve\r\nBcc: everyone@example.com\nX-Evil: 1' });

    await handleSubmission(formPost('reflection', fields), handlersOf(h.deps).reflection, h.deps);

    const { coach, client } = h.emailsFor('reflection', fields.id!);
    expect(coach[0]!.body.to).toEqual([COACH_EMAIL]);
    expect(client[0]!.body.to).toEqual([fields.email]);
    for (const email of [...coach, ...client]) {
      expect(email.body.subject).not.toMatch(/[\r\n]/);
      // Only the fields the pipeline sets reach the provider: no bcc, cc or custom headers.
      for (const key of Object.keys(email.body)) expect(['from', 'to', 'reply_to', 'subject', 'html', 'text', 'attachments']).toContain(key);
    }
  });

  it('refuses an email address that carries a second line', async () => {
    const fields = VALID.reflection({ email: 'eve@example.com\r\nBcc: everyone@example.com' });
    const response = await handleSubmission(formPost('reflection', fields), handlersOf(h.deps).reflection, h.deps);
    expect(response.status).toBe(422);
    expect(h.resend.sent).toEqual([]);
  });
});
