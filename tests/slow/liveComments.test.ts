/**
 * Under `npm start` a comment shows on its post as soon as it is approved: the post page reads
 * the local store on every view, with no rebuild. The real `astro dev` on a copy of the project,
 * and the store it keeps in .data/blobs written to as the comments function writes it.
 */
import path from 'node:path';
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import { COMMENTS_STORE, publishedKey } from '#server/comments/published.ts';
import { startDevServer, type DevServer } from '../e2e/support/devServer';
import { createProjectCopy, type FixtureSite } from '../support/fixtureSite';

const POST = 'homework-that-actually-gets-done';

let project: FixtureSite;
let dev: DevServer;
let blobs: LocalBlobs;

beforeAll(async () => {
  project = await createProjectCopy();
  dev = await startDevServer(project.dir);
  // A second server on the same folder: the files are the store, as the dev server's functions see it.
  blobs = await startLocalBlobs(path.join(project.dir, '.data', 'blobs'));
}, 180_000);

afterAll(async () => {
  await blobs?.stop();
  await dev?.stop();
  await project?.cleanup();
});

const commentsStore = () => {
  const { edgeURL, uncachedEdgeURL, siteID, token } = JSON.parse(Buffer.from(blobs.context, 'base64').toString('utf8')) as Record<string, string>;
  return getStore({ name: COMMENTS_STORE, consistency: 'strong', edgeURL, uncachedEdgeURL, siteID: siteID!, token: token! });
};
const postPage = async () => (await fetch(`${dev.origin}/blog/${POST}/`)).text();

describe('comments under npm start', () => {
  it('shows a comment on its post at the next page view after it is approved, and never one still waiting', async () => {
    expect(await postPage()).toContain('<h2 id="comments-title">No comments yet</h2>');

    await commentsStore().setJSON('pending/p-1', { id: 'p-1', postSlug: POST, name: 'Waiting', email: 'waiting@example.com', body: 'Not yet', createdAt: '2026-11-20T10:00:00Z' });
    await commentsStore().setJSON(publishedKey(POST, 'c-1'), { id: 'c-1', postSlug: POST, name: 'Rosa', body: 'Just *approved*.', createdAt: '2026-11-20T10:00:00Z', byCoach: false });

    const page = await postPage();
    expect(page).toContain('<h2 id="comments-title">1 comment</h2>');
    expect(page).toContain('<p>Just <em>approved</em>.</p>');
    expect(page).not.toMatch(/Waiting|waiting@example\.com/);
  });
});
