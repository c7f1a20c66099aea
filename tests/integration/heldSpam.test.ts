/**
 * What the spam checks catch is held whole, shown to the coach, and can be released (delivered
 * exactly as sent, judged against the time it arrived) or deleted; never thrown away unseen.
 */
import { describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { RELEASED_FLAG, releaseHeld } from '#server/submissions/heldSpam.ts';
import { retryPending } from '#server/submissions/retryPending.ts';
import type { SpamRecord } from '#server/submissions/records.ts';
import { fileOf, pdfBytes } from '../support/documents';
import { formPost, HANDLERS, handlersOf, VALID, type Fields } from '../support/forms';
import { listKeys } from '../support/localStore';
import { useHarness } from '../support/pipeline';

const h = useHarness();

const RESUME = pdfBytes();
const postIntakeAsBot = (fields: Fields) =>
  handleSubmission(
    formPost('intake', { ...fields, [HONEYPOT_FIELD]: 'filled by a bot' }, { encoding: 'multipart', files: { resume: fileOf(RESUME, 'resume.pdf', 'application/pdf') } }),
    HANDLERS.intake,
    h.deps,
  );
const held = async (id: string) => (await h.blobs.get(`spam/${id}`, { type: 'json' })) as SpamRecord | null;

describe('a post held as spam', () => {
  it('is kept whole: every field, every file, and why it was held, with nobody emailed', async () => {
    const fields = VALID.intake({ goals: 'x'.repeat(5000) });

    const response = await postIntakeAsBot(fields);

    expect(response.status).toBe(201);
    const record = (await held(fields.id!))!;
    expect(record).toMatchObject({ form: 'intake', reason: 'honeypot', createdAt: h.clock.now().toISOString() });
    const { id: _id, ...answers } = fields;
    expect(record.fields).toMatchObject(answers);
    expect(record.files).toEqual([expect.objectContaining({ field: 'resume', name: 'resume.pdf', size: RESUME.length })]);
    expect(new Uint8Array((await h.blobs.get(record.files[0]!.key, { type: 'arrayBuffer' }))!)).toEqual(RESUME);
    expect(h.resend.requests).toEqual([]);
  });

  it('is delivered exactly as sent when released, flagged, with its original time', async () => {
    const fields = VALID.intake();
    await postIntakeAsBot(fields);
    const arrived = h.clock.now().toISOString();
    h.clock.set(arrived, 3 * 24 * 3600_000);

    const released = await releaseHeld(fields.id!, h.deps);
    const retried = await retryPending(h.deps);

    expect(released).toEqual({ ok: true, kind: 'intake', id: fields.id });
    expect(retried).toMatchObject({ delivered: 1 });
    const record = (await h.record('intake', fields.id!))!;
    expect(record).toMatchObject({ createdAt: arrived, flags: [RELEASED_FLAG], data: { goals: fields.goals, email: fields.email } });
    const { coach } = h.emailsFor('intake', fields.id!);
    expect(coach[0]!.body.subject).toMatch(/^\[Released from spam\] Intake questionnaire from /);
    expect(new Uint8Array(Buffer.from(coach[0]!.body.attachments![0]!.content, 'base64'))).toEqual(RESUME);
    expect(await held(fields.id!)).toBeNull();
    expect((await listKeys(h.blobs)).filter((key) => key.includes('spam/'))).toEqual([]);
  });

  it('is known to the retry job as just stored, not as old, so it is never taken for a crash’s leftover', async () => {
    const fields = VALID.reflection({ [HONEYPOT_FIELD]: 'bot' });
    await handleSubmission(formPost('reflection', fields), handlersOf(h.deps).reflection, h.deps);
    h.clock.set(h.clock.now().toISOString(), 3 * 24 * 3600_000);

    await releaseHeld(fields.id!, h.deps);

    expect(await h.deps.store.pendingSince('reflection', fields.id!)).toEqual({ ok: true, value: h.clock.now().toISOString() });
  });

  it('is judged against the time it arrived: a deadline that has passed since is still accepted', async () => {
    const fields = VALID.commitment({ [HONEYPOT_FIELD]: 'bot', when: '2026-11-26T18:00' });
    await handleSubmission(formPost('commitment', fields), handlersOf(h.deps).commitment, h.deps);
    h.clock.set('2026-12-10T12:00:00Z');

    const released = await releaseHeld(fields.id!, h.deps);

    expect(released).toMatchObject({ ok: true, kind: 'commitment' });
    expect(await h.record('commitment', fields.id!)).toMatchObject({ data: { when: '2026-11-26T18:00' } });
  });

  it('stays held, with the reasons, when it is not a valid form', async () => {
    const fields = VALID.reflection({ [HONEYPOT_FIELD]: 'bot', email: 'not an address' });
    await handleSubmission(formPost('reflection', fields), handlersOf(h.deps).reflection, h.deps);

    const released = await releaseHeld(fields.id!, h.deps);

    expect(released).toMatchObject({ ok: false, reason: 'invalid', errors: { email: [expect.any(String)] } });
    expect(await held(fields.id!)).not.toBeNull();
    expect(await h.record('reflection', fields.id!)).toBeNull();
  });

  it('is removed with its files and its client pointer when deleted', async () => {
    const fields = VALID.intake();
    await postIntakeAsBot(fields);

    const removed = await h.deps.store.deleteSpam(fields.id!);

    expect(removed.ok && removed.value.length).toBe(3);
    expect(await listKeys(h.blobs)).toEqual([]);
  });
});
