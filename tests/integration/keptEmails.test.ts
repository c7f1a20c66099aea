/**
 * What the pipeline keeps beside a record for its emails (the rendered copy until it is sent,
 * the marker of a notification that failed for good) goes with the record: erased with the
 * client, purged with the retention period.
 */
import { describe, expect, it } from 'vitest';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { formPost, handlersOf, VALID } from '../support/forms';
import { listKeys } from '../support/localStore';
import { useHarness } from '../support/pipeline';

/** Resend refuses the sender's domain: both emails fail for good, leaving their rendered copies and the failed marker. */
const h = useHarness({ resend: { verifiedDomains: ['unstuck.example.com'] } });

async function submitBoth() {
  const fields = VALID.reflection();
  const response = await handleSubmission(formPost('reflection', fields), handlersOf(h.deps).reflection, h.deps);
  expect(response.status).toBe(201);
  const keys = await listKeys(h.blobs);
  expect(keys).toContain(`rendered/reflection/${fields.id}/coach`);
  expect(keys).toContain(`failed/reflection/${fields.id}`);
  return fields;
}

const emailKeys = async () => (await listKeys(h.blobs)).filter((key) => key.startsWith('rendered/') || key.startsWith('failed/'));

describe('the copies and markers kept for emails', () => {
  it('are erased with the client’s submissions', async () => {
    const fields = await submitBoth();

    const erased = await h.deps.store.eraseClient(fields.email!);

    expect(erased.ok && erased.value).toEqual(expect.arrayContaining([`rendered/reflection/${fields.id}/coach`, `failed/reflection/${fields.id}`]));
    expect(await emailKeys()).toEqual([]);
  });

  it('are purged with submissions past the retention period', async () => {
    await submitBoth();

    const purged = await h.deps.store.purgeCreatedBefore(new Date(h.clock.now().getTime() + 1));

    expect(purged.ok).toBe(true);
    expect(await emailKeys()).toEqual([]);
  });
});
