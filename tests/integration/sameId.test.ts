/**
 * One id, two different sets of answers (a page brought back by the back/forward cache, changed
 * and sent again): both are kept, each under its own id, each emailed once; the same answers
 * sent again land once.
 */
import { describe, expect, it } from 'vitest';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { formPost, handlersOf, VALID } from '../support/forms';
import { listKeys } from '../support/localStore';
import { useHarness } from '../support/pipeline';

const h = useHarness();

const send = async (fields: Record<string, string>) => {
  const response = await handleSubmission(formPost('commitment', fields), handlersOf(h.deps).commitment, h.deps);
  return { status: response.status, id: ((await response.json()) as { id: string }).id };
};

describe('new answers under an id that already holds others', () => {
  it('are stored as a submission of their own and emailed, never answered 201 and dropped', async () => {
    const first = VALID.commitment({ what: 'Update my CV' });
    const second = { ...first, what: 'Call Dana about the opening' };

    const a = await send(first);
    const b = await send(second);

    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.id).toBe(first.id);
    expect(b.id).not.toBe(first.id);
    expect((await h.record('commitment', a.id))!.data).toMatchObject({ what: 'Update my CV' });
    expect((await h.record('commitment', b.id))!.data).toMatchObject({ what: 'Call Dana about the opening' });
    expect(h.emailsFor('commitment', b.id)).toMatchObject({ coach: [expect.anything()], client: [expect.anything()] });
  });

  it('land once when the second answers are sent again under the first id', async () => {
    const first = VALID.commitment({ what: 'Update my CV' });
    const second = { ...first, what: 'Call Dana about the opening' };
    await send(first);

    const b1 = await send(second);
    const b2 = await send(second);

    expect(b2.id).toBe(b1.id);
    expect((await listKeys(h.blobs)).filter((key) => key.startsWith('commitment/'))).toHaveLength(2);
    expect(h.resend.sent).toHaveLength(4);
  });

  it('are kept apart even when both arrive at the same moment', async () => {
    const first = VALID.commitment({ what: 'Update my CV' });
    const second = { ...first, what: 'Call Dana about the opening' };

    const [a, b] = await Promise.all([send(first), send(second)]);

    expect(a.id).not.toBe(b.id);
    const stored = await Promise.all([h.record('commitment', a.id), h.record('commitment', b.id)]);
    expect(stored.map((r) => r!.data.what).sort()).toEqual(['Call Dana about the opening', 'Update my CV']);
    expect((await listKeys(h.blobs)).filter((key) => key.startsWith('uploads/'))).toEqual([]);
  });
});
