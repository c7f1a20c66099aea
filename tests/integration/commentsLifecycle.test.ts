/**
 * Comments belong to the people who wrote them: erasing an address (the desk's Erase, `npm run
 * erase`) removes every comment from it, published or not, with the coach's replies to it, and
 * asks for a build so the pages drop them; the export hands them over; retention removes what
 * was never published after 90 days and keeps what is published.
 */
import { describe, expect, it } from 'vitest';
import { eraseClientEverywhere } from '#server/desk/eraseClient.ts';
import { approveComment, rejectComment, replyToComment } from '#server/comments/moderation.ts';
import { UNPUBLISHED_RETENTION_DAYS } from '#server/comments/commentStore.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { purgeStores } from '#scripts/retention.ts';
import { aComment, idOf, useComments } from '../support/comments';
import { listKeys } from '../support/localStore';
import { unzipAnswer } from '../support/unzip';

const c = useComments();

const ADA = 'ada@example.org';
const GRACE = 'grace@example.org';

const nameOf = (email: string) => (email === ADA ? 'Ada Lovelace' : 'Grace Hopper');

async function comment(email: string, changes: Record<string, string> = {}) {
  return idOf(await c.post(aComment({ id: crypto.randomUUID(), email, name: nameOf(email), ...changes }), { json: true }));
}

/** Ada: a published comment with the coach's reply, one waiting, one held as spam; Grace: one published. */
async function twoCommenters() {
  const published = await comment(ADA, { comment: 'Ada’s published words', notify: 'on' });
  await replyToComment(published, crypto.randomUUID(), 'Coach answers Ada', c.cdeps());
  const waiting = await comment(ADA, { comment: 'Ada’s waiting words' });
  await c.post(aComment({ email: ADA, name: 'Ada Lovelace', leave_this_blank: 'x', comment: 'Ada held' }));
  const grace = await comment(GRACE, { comment: 'Grace’s words' });
  await approveComment(grace, c.cdeps());
  return { published, waiting, grace };
}

const allText = async () => {
  const texts: string[] = [];
  for (const key of await listKeys(c.commentBlobs)) texts.push(`${key} ${await c.commentBlobs.get(key, { type: 'text' })}`);
  return texts.join('\n');
};

describe('erasing an address', () => {
  it('from the desk removes every comment from it, with the replies to them, and asks for a build; others stay', async () => {
    const cookie = await c.signIn();
    const { grace } = await twoCommenters();
    await c.commentBlobs.delete('rebuild/state');

    const erased = await c.request('/api/coach/erase', { method: 'POST', cookie, form: { client: emailHash(ADA), email: ADA } });

    expect(erased.status).toBe(200);
    expect(await erased.text()).toContain('3 blog comments');
    const left = await allText();
    expect(left).not.toContain('Ada');
    expect(left).not.toContain(ADA);
    expect(left).not.toContain(emailHash(ADA));
    expect(left).not.toContain('Coach answers Ada');
    expect(await c.published(grace)).not.toBeNull();
    expect((await c.commentBlobs.get('rebuild/state', { type: 'json' })) as object).toMatchObject({ requestedAt: expect.any(String) });
  });

  it('as `npm run erase` does, in any case of the address, asking for no build when nothing published went', async () => {
    await comment(ADA, { comment: 'Only waiting' });

    const erased = await eraseClientEverywhere('Ada@Example.ORG', { ...c.deps });

    expect(erased.ok && erased.value.comments.length).toBeGreaterThan(0);
    expect(await listKeys(c.commentBlobs)).not.toContain('rebuild/state');
    expect((await listKeys(c.commentBlobs)).filter((k) => !k.startsWith('moderation-sent/'))).toEqual([]);
  });
});

describe('the export', () => {
  it('carries every comment, held post and reply in the full export, and the address’s own in its client export', async () => {
    const cookie = await c.signIn();
    await twoCommenters();

    const everything = await unzipAnswer(await c.request('/api/coach/export', { cookie }));
    const client = await unzipAnswer(await c.request(`/api/coach/export?client=${emailHash(ADA)}`, { cookie }));

    const all = everything.get('comments.csv')!.toString('utf8');
    for (const words of ['Ada’s published words', 'Ada’s waiting words', 'Ada held', 'Grace’s words', 'Coach answers Ada', ADA, GRACE]) expect(all).toContain(words);
    expect(everything.get('comments.json')!.toString('utf8')).toContain('Ada’s waiting words');
    const mine = client.get('comments.csv')!.toString('utf8');
    for (const words of ['Ada’s published words', 'Ada’s waiting words', 'Ada held', 'Coach answers Ada']) expect(mine).toContain(words);
    expect(mine).not.toContain('Grace');
  });

  it('exists for someone who only ever commented', async () => {
    const cookie = await c.signIn();
    await comment(ADA);

    const response = await c.request(`/api/coach/export?client=${emailHash(ADA)}`, { cookie });

    expect(response.status).toBe(200);
  });
});

describe('retention', () => {
  it(`removes comments never published and held posts ${UNPUBLISHED_RETENTION_DAYS} days on, and keeps published ones with their replies`, async () => {
    const { published, waiting, grace } = await twoCommenters();
    const rejected = await comment(GRACE, { comment: 'Rejected words' });
    await rejectComment(rejected, c.cdeps());
    const at = (days: number) => new Date(c.h.clock.now().getTime() + days * 24 * 3600_000);
    const stores = { submissions: c.deps.store, usedLinks: c.deps.usedLinks, desk: c.deps.desk, deskBlobs: c.deps.deskBlobs, comments: c.deps.comments };

    await purgeStores(stores, at(UNPUBLISHED_RETENTION_DAYS - 1));
    expect(await c.entry(waiting)).not.toBeNull();

    await purgeStores(stores, at(UNPUBLISHED_RETENTION_DAYS + 1));
    const keys = await listKeys(c.commentBlobs);
    expect(await c.entry(waiting)).toBeNull();
    expect(await c.entry(rejected)).toBeNull();
    expect(keys.filter((k) => k.startsWith('held/') || k.startsWith('waiting/') || k.startsWith('moderation-sent/'))).toEqual([]);
    expect(await c.published(published)).not.toBeNull();
    expect(await c.published(grace)).not.toBeNull();
    expect(keys.filter((k) => k.startsWith('published/'))).toHaveLength(3);
    expect(await c.entry(published)).not.toBeNull();
  });
});
