import { describe, expect, it } from 'vitest';
import type { FormKind } from '#src/forms/kinds.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { browserPost, ENCODINGS, formPost, handlersOf, KINDS, VALID, type Fields } from '../support/forms';
import { listKeys } from '../support/localStore';
import { COACH_EMAIL, FROM_EMAIL, useHarness } from '../support/pipeline';

/** The thank-you page of each form, as the site publishes it. */
const THANKS: Record<FormKind, string> = {
  intake: '/thanks/intake/',
  commitment: '/thanks/homework/',
  response: '/thanks/exercise/',
  reflection: '/thanks/reflection/',
  stuck: '/thanks/stuck/',
};

const h = useHarness();

const submit = (kind: FormKind, fields: Fields, options: Parameters<typeof formPost>[2] = {}) =>
  handleSubmission(formPost(kind, fields, options), handlersOf(h.deps)[kind], h.deps);

describe.each(KINDS)('a valid %s', (kind) => {
  it.each(ENCODINGS)('sent as %s is stored once and emailed to the coach and the client', async (encoding) => {
    const fields = VALID[kind]();

    const response = await submit(kind, fields, { encoding });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: fields.id });

    const record = await h.record(kind, fields.id!);
    expect(record).toMatchObject({
      id: fields.id,
      kind,
      createdAt: h.clock.now().toISOString(),
      data: { name: fields.name, email: fields.email },
      notifications: { coach: { status: 'sent', attempts: 1 }, client: { status: 'sent', attempts: 1 } },
    });

    const { coach, client } = h.emailsFor(kind, fields.id!);
    expect(h.resend.sent).toHaveLength(2);
    expect(coach).toHaveLength(1);
    expect(client).toHaveLength(1);
    expect(coach[0]!.headers['idempotency-key']).toBe(`${kind}/${fields.id}/coach`);
    expect(client[0]!.headers['idempotency-key']).toBe(`${kind}/${fields.id}/client`);
    expect(coach[0]!.body).toMatchObject({ from: FROM_EMAIL, to: [COACH_EMAIL], reply_to: fields.email });
    expect(client[0]!.body).toMatchObject({ from: FROM_EMAIL, to: [fields.email], reply_to: COACH_EMAIL });
    expect(record!.notifications.coach.providerId).toBe(coach[0]!.id);
    expect(record!.notifications.client.providerId).toBe(client[0]!.id);
  });

  it('shows the coach every answer in the email', async () => {
    const fields = VALID[kind]();

    await submit(kind, fields);

    const [coach] = h.emailsFor(kind, fields.id!).coach;
    const answers = Object.entries(fields).filter(([name]) => !['id', 'exercise', 'inquiry', 'consent', 'accountability', 'timeZone', 'when'].includes(name));
    for (const [name, value] of answers) {
      expect(coach!.body.text, name).toContain(value);
    }
  });

  it('keeps the record, a client pointer without the address, and no pending marker', async () => {
    const fields = VALID[kind]();

    await submit(kind, fields);

    const keys = await listKeys(h.blobs);
    expect(keys).toHaveLength(2);
    expect(keys).toContain(`${kind}/${fields.id}`);
    expect(keys.find((key) => key.startsWith('clients/'))).toMatch(new RegExp(`^clients/[0-9a-f]{32}/${kind}/${fields.id}$`));
    expect(keys.join('\n')).not.toContain(fields.email);
  });

  it('is accepted when Firefox posts it as multipart, with its lowercase boundary', async () => {
    const fields = VALID[kind]();

    const response = await handleSubmission(browserPost(kind, fields, { boundary: '----geckoformboundary8d0f3b5e1a27c9' }), handlersOf(h.deps)[kind], h.deps);

    expect(response.status).toBe(201);
    expect(await h.record(kind, fields.id!)).not.toBeNull();
  });

  it('is accepted when Chrome or Safari posts it as multipart, with a boundary in mixed case', async () => {
    const fields = VALID[kind]();

    const response = await handleSubmission(browserPost(kind, fields), handlersOf(h.deps)[kind], h.deps);

    expect(response.status).toBe(201);
    expect(await h.record(kind, fields.id!)).not.toBeNull();
  });

  it('redirects a plain HTML form post to the thank-you page with the reference', async () => {
    const fields = VALID[kind]();

    const response = await submit(kind, fields, { encoding: 'urlencoded', accept: 'text/html,application/xhtml+xml' });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${THANKS[kind]}?ref=${fields.id}`);
    expect(await h.record(kind, fields.id!)).not.toBeNull();
  });
});

describe('sending the same submission twice', () => {
  it('stores and emails a repeated post with the same id once', async () => {
    const fields = VALID.reflection();

    const first = await submit('reflection', fields);
    const second = await submit('reflection', fields, { encoding: 'multipart' });

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await second.json()).toEqual({ id: fields.id });
    expect(h.resend.requests).toHaveLength(2);
    expect(h.resend.sent).toHaveLength(2);
    expect((await listKeys(h.blobs)).filter((key) => key.startsWith('reflection/'))).toEqual([`reflection/${fields.id}`]);
  });

  it('lands a plain HTML form without an id once when it is posted twice with the same answers', async () => {
    const { id: _none, ...fields } = VALID.response();
    const post = () => submit('response', fields, { encoding: 'urlencoded', accept: 'text/html' });

    const first = await post();
    const second = await post();

    expect(first.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    const ref = new URL(first.headers.get('location')!, 'https://x.test').searchParams.get('ref')!;
    expect((await listKeys(h.blobs)).filter((key) => key.startsWith('response/'))).toEqual([`response/${ref}`]);
    expect(h.resend.sent).toHaveLength(2);
  });

  it('lands two plain HTML posts with different answers as two submissions', async () => {
    const { id: _none, ...fields } = VALID.reflection();

    await submit('reflection', fields, { encoding: 'urlencoded', accept: 'text/html' });
    await submit('reflection', { ...fields, reflection: `${fields.reflection} And one more thing.` }, { encoding: 'urlencoded', accept: 'text/html' });

    expect((await listKeys(h.blobs)).filter((key) => key.startsWith('reflection/'))).toHaveLength(2);
    expect(h.resend.sent).toHaveLength(4);
  });

  it('leaves no pending marker behind when a delivered submission is posted again', async () => {
    const fields = VALID.reflection();

    await submit('reflection', fields);
    await submit('reflection', fields);

    expect(await listKeys(h.blobs)).not.toContain(`pending/reflection/${fields.id}`);
  });
});

describe('what the logs say', () => {
  it('names the submission but never the client, their address or their answers', async () => {
    const fields = VALID.intake();
    h.resend.failNext(1, 'server_error');

    await submit('intake', fields);

    const logs = h.logs.join('\n');
    expect(logs).toContain(fields.id);
    expect(logs).toContain('notification.failed');
    for (const secret of [fields.name!, fields.email!, fields.goals!, fields.obstacles!]) expect(logs).not.toContain(secret);
  });
});
