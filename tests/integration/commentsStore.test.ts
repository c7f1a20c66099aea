/**
 * Where a build reads the published comments from, and what it does when it cannot: against a
 * real local blob server (the one `npm start` uses), never an outside host.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStore, type Store } from '@netlify/blobs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blobsContext, startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import { openCommentsStore, readCommentsFor } from '#integrations/comments/commentsStore.ts';
import { commentsForBuild } from '#integrations/publishedComments.ts';
import { COMMENTS_STORE, publishedKey, type PublishedComment } from '#server/comments/published.ts';

const approved = (id: string, postSlug: string, createdAt: string, extra: Partial<PublishedComment> = {}): PublishedComment => ({
  id,
  postSlug,
  name: `Reader ${id}`,
  body: `Comment ${id}`,
  createdAt,
  byCoach: false,
  ...extra,
});

/** A logger that keeps what it was told. */
function recordingLogger() {
  const lines: { level: 'info' | 'warn'; message: string }[] = [];
  return { lines, info: (message: string) => lines.push({ level: 'info', message }), warn: (message: string) => lines.push({ level: 'warn', message }) };
}

const storeAt = (context: string): Store => {
  const { edgeURL, uncachedEdgeURL, siteID, token } = JSON.parse(Buffer.from(context, 'base64').toString('utf8')) as Record<string, string>;
  return getStore({ name: COMMENTS_STORE, consistency: 'strong', edgeURL, uncachedEdgeURL, siteID: siteID!, token: token! });
};

let root: string;
let blobs: LocalBlobs;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'unstuck-comments-root-'));
  blobs = await startLocalBlobs(path.join(root, 'store'));
  const store = storeAt(blobs.context);
  await store.setJSON(publishedKey('a-post', 'later'), approved('later', 'a-post', '2026-11-20T10:00:00Z'));
  await store.setJSON(publishedKey('a-post', 'earlier'), approved('earlier', 'a-post', '2026-11-19T10:00:00Z', { email: 'stray@example.com' } as Partial<PublishedComment>));
  await store.setJSON(publishedKey('other-post', 'one'), approved('one', 'other-post', '2026-11-19T10:00:00Z'));
  await store.setJSON(publishedKey('a-post', 'broken'), { id: 'broken', postSlug: 'a-post', body: 'no name, no date' });
  // Not published: a comment waiting for the coach, with its email, elsewhere in the store.
  await store.setJSON('pending/waiting', { id: 'waiting', postSlug: 'a-post', name: 'Waiting', email: 'waiting@example.com', body: 'Hi', createdAt: '2026-11-21T10:00:00Z', byCoach: false });
});

afterAll(async () => {
  await blobs?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('reading the published comments for a build', () => {
  it('reads the store NETLIFY_BLOBS_CONTEXT names: published comments only, by post, oldest first, published fields only', async () => {
    const read = await readCommentsFor({ NETLIFY_BLOBS_CONTEXT: blobs.context }, root);

    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(Object.keys(read.value.byPost).sort()).toEqual(['a-post', 'other-post']);
    expect(read.value.byPost['a-post']!.map((c) => c.id)).toEqual(['earlier', 'later']);
    expect(JSON.stringify(read.value.byPost)).not.toMatch(/@example\.com|Waiting/);
    expect(read.value.leftOut).toBe(1);
  });

  it('takes NETLIFY_BLOBS_CONTEXT over the local store, and never a personal token', async () => {
    const fromContext = await openCommentsStore({ NETLIFY_BLOBS_CONTEXT: blobs.context }, root);
    // A site id and a personal access token are not a way in: only the context Netlify gives build plugins is.
    const fromToken = await openCommentsStore({ SITE_ID: 'site-1', NETLIFY_AUTH_TOKEN: 'token', CONTEXT: 'production' }, root);

    expect(fromContext.ok && fromContext.value?.where).toBe('the store NETLIFY_BLOBS_CONTEXT names');
    expect(fromToken).toEqual({ ok: false, error: expect.stringMatching(/^Netlify Blobs cannot be reached here \(NETLIFY_BLOBS_CONTEXT is not set\)/) });
  });

  it('reads the local store `npm start` keeps in .data/blobs when nothing else is set, and finds nothing where there is none', async () => {
    const project = await mkdtemp(path.join(tmpdir(), 'unstuck-comments-project-'));
    try {
      expect(await readCommentsFor({}, project)).toEqual({ ok: true, value: { byPost: {}, leftOut: 0 } });

      const local = await startLocalBlobs(path.join(project, '.data', 'blobs'));
      await storeAt(local.context).setJSON(publishedKey('a-post', 'local'), approved('local', 'a-post', '2026-11-19T10:00:00Z'));
      await local.stop();

      const read = await readCommentsFor({}, project);
      expect(read.ok && read.value.byPost['a-post']!.map((c) => c.id)).toEqual(['local']);
      expect(read.ok && read.value.where).toBe('the local store in .data/blobs');
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});

describe('a build that cannot read the comments', () => {
  const logger = recordingLogger();
  afterEach(() => void logger.lines.splice(0));
  const wrongToken = () => blobsContext(`http://127.0.0.1:${blobs.port}`, 'not-the-token');

  it('stops a production build without access to the store, naming the plugin that has it', async () => {
    await expect(commentsForBuild({ CONTEXT: 'production' }, root, logger)).rejects.toThrow(
      /^This production deploy stops here: the published comments could not be read[\s\S]*- Why: Netlify Blobs cannot be reached here \(NETLIFY_BLOBS_CONTEXT is not set\): on Netlify only build plugins get it, so the published-comments plugin/,
    );
  });

  it('stops a production build whose store refuses it, saying what the store answered', async () => {
    await expect(commentsForBuild({ CONTEXT: 'production', NETLIFY_BLOBS_CONTEXT: wrongToken() }, root, logger)).rejects.toThrow(
      /- Why: reading the "comments" store \(the store NETLIFY_BLOBS_CONTEXT names\) failed: BlobsInternalError \(status 403\)\./,
    );
  });

  it.each(['deploy-preview', 'branch-deploy'])('lets a %s build go on without comments, with a warning', async (context) => {
    await expect(commentsForBuild({ CONTEXT: context, NETLIFY_BLOBS_CONTEXT: wrongToken() }, root, logger)).resolves.toEqual({});
    expect(logger.lines).toEqual([{ level: 'warn', message: expect.stringMatching(/^Comments are left out of this build \(a production build would stop here\): reading the "comments" store .* failed: BlobsInternalError \(status 403\)\.$/) }]);
  });

  it('lets a local build go on with a warning when NETLIFY_BLOBS_CONTEXT is not a blobs context', async () => {
    await expect(commentsForBuild({ NETLIFY_BLOBS_CONTEXT: 'not base64 json' }, root, logger)).resolves.toEqual({});
    expect(logger.lines[0]?.message).toMatch(/NETLIFY_BLOBS_CONTEXT is set but is not a Netlify Blobs context/);
  });

  it('says how many comments it read, and warns about records it had to leave out', async () => {
    await expect(commentsForBuild({ CONTEXT: 'production', NETLIFY_BLOBS_CONTEXT: blobs.context }, root, logger)).resolves.toMatchObject({ 'a-post': expect.any(Array) });
    expect(logger.lines).toEqual([
      { level: 'warn', message: '1 stored comment(s) were not in the published shape and are left out (see netlify/server/comments/published.ts).' },
      { level: 'info', message: '3 published comment(s) on 2 post(s), from the store NETLIFY_BLOBS_CONTEXT names' },
    ]);
  });
});
