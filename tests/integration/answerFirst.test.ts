/** The client is answered as soon as the answers are stored; the emails follow in the background. */
import { describe, expect, it } from 'vitest';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import type { Mailer } from '#server/mail/mailer.ts';
import { formPost, HANDLERS, handlersOf, VALID } from '../support/forms';
import { useHarness } from '../support/pipeline';

const h = useHarness();

/** The harness's real mailer, held shut until the test opens it: a very slow email API. */
function gatedMailer(inner: Mailer) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const mailer: Mailer = { send: async (message, options) => (await gate, inner.send(message, options)) };
  return { mailer, open };
}

describe('a submission while the email API is slow', () => {
  it('is answered once stored, before any email is sent, and the emails follow through waitUntil', async () => {
    const fields = VALID.reflection();
    const { mailer, open } = gatedMailer(h.deps.mailer);
    const background: Promise<unknown>[] = [];

    const response = await handleSubmission(formPost('reflection', fields), HANDLERS.reflection, { ...h.deps, mailer }, { waitUntil: (work) => void background.push(work) });

    expect(response.status).toBe(201);
    expect(await h.record('reflection', fields.id!)).toMatchObject({ notifications: { coach: { status: 'pending' }, client: { status: 'pending' } } });
    expect(h.resend.requests).toEqual([]);
    expect(background).toHaveLength(1);

    open();
    await Promise.all(background);

    expect(h.emailsFor('reflection', fields.id!)).toMatchObject({ coach: [expect.anything()], client: [expect.anything()] });
    expect(await h.record('reflection', fields.id!)).toMatchObject({ notifications: { coach: { status: 'sent' }, client: { status: 'sent' } } });
  });

  it('without waitUntil (a platform that cannot keep working), sends before answering', async () => {
    const fields = VALID.reflection();

    const response = await handleSubmission(formPost('reflection', fields), handlersOf(h.deps).reflection, h.deps);

    expect(response.status).toBe(201);
    expect(h.resend.sent).toHaveLength(2);
  });
});
