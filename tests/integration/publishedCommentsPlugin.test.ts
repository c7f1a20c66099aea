/**
 * The published-comments build plugin (netlify/plugins/published-comments) and the site's build
 * reading what it wrote: Netlify gives Blobs access to build plugins only, so on Netlify the
 * comments reach the pages through .netlify/published-comments.json. Against a real local blob
 * server; the plugin's entry also runs in a plain Node process, as @netlify/build runs it.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { COMMENTS_FILE } from '#integrations/comments/commentsFile.ts';
import { commentsForBuild } from '#integrations/publishedComments.ts';
import { blobsContext, startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import { COMMENTS_STORE, publishedKey, type PublishedComment } from '#server/comments/published.ts';
import { writePublishedComments } from '#integrations/comments/writePublishedComments.ts';
import { ROOT } from '../support/fixtureSite';

const DEPLOY = 'deploy-1';
const approved = (id: string, createdAt: string, extra: Record<string, unknown> = {}): PublishedComment => ({
  id,
  postSlug: 'a-post',
  name: `Reader ${id}`,
  body: `Comment ${id}`,
  createdAt,
  byCoach: false,
  ...extra,
});

let blobs: LocalBlobs;
let storeDir: string;
/** A build folder of its own for each test. */
let root: string;

beforeAll(async () => {
  storeDir = await mkdtemp(path.join(tmpdir(), 'unstuck-plugin-store-'));
  blobs = await startLocalBlobs(storeDir);
  const { edgeURL, uncachedEdgeURL, siteID, token } = JSON.parse(Buffer.from(blobs.context, 'base64').toString('utf8')) as Record<string, string>;
  const store = getStore({ name: COMMENTS_STORE, consistency: 'strong', edgeURL, uncachedEdgeURL, siteID: siteID!, token: token! });
  await store.setJSON(publishedKey('a-post', 'later'), approved('later', '2026-11-20T10:00:00Z'));
  // A writer's mistake: an email inside a published record still never reaches the file.
  await store.setJSON(publishedKey('a-post', 'earlier'), approved('earlier', '2026-11-19T10:00:00Z', { email: 'stray@example.com' }));
  await store.setJSON('pending/waiting', { id: 'waiting', postSlug: 'a-post', name: 'Waiting', email: 'waiting@example.com', body: 'Hi', createdAt: '2026-11-21T10:00:00Z', byCoach: false });
});

afterAll(async () => {
  await blobs?.stop();
  await rm(storeDir, { recursive: true, force: true });
});

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'unstuck-plugin-build-'));
  return () => rm(root, { recursive: true, force: true });
});

const wrongToken = () => blobsContext(`http://127.0.0.1:${blobs.port}`, 'not-the-token');
const readFileJson = async () => JSON.parse(await readFile(path.join(root, COMMENTS_FILE), 'utf8')) as Record<string, unknown>;
const fileExists = () => readFile(path.join(root, COMMENTS_FILE)).then(() => true, () => false);
const plant = async (content: string) => {
  await mkdir(path.join(root, '.netlify'), { recursive: true });
  await writeFile(path.join(root, COMMENTS_FILE), content);
};

function recordingRun(env: Record<string, string>) {
  const failBuild = vi.fn<(message: string) => void>();
  const log = { log: vi.fn<(message: string) => void>(), warn: vi.fn<(message: string) => void>() };
  return { failBuild, log, run: () => writePublishedComments({ env, root, build: { failBuild }, log }) };
}

function recordingLogger() {
  const lines: { level: 'info' | 'warn'; message: string }[] = [];
  return { lines, info: (message: string) => lines.push({ level: 'info', message }), warn: (message: string) => lines.push({ level: 'warn', message }) };
}

describe('the plugin as Netlify finds and runs it', () => {
  it('is listed in netlify.toml, resolves to its entry as @netlify/build resolves a local plugin, and has a manifest with a name', async () => {
    const toml = await readFile(path.join(ROOT, 'netlify.toml'), 'utf8');
    const declared = /^\[\[plugins\]\]\s*\n\s*package = "([^"]+)"/m.exec(toml)?.[1];
    expect(declared).toBe('./netlify/plugins/published-comments');

    const entry = createRequire(path.join(ROOT, 'package.json')).resolve(path.join(ROOT, declared!));
    const manifest = parseYaml(await readFile(path.join(path.dirname(entry), 'manifest.yml'), 'utf8')) as { name?: string };

    expect(path.relative(ROOT, entry)).toBe(path.join('netlify', 'plugins', 'published-comments', 'index.js'));
    expect(manifest.name).toBe('unstuck-published-comments');
  });

  it('in a plain Node process, in the build folder, writes the published comments only, with no email, for this deploy', async () => {
    // What @netlify/build's plugin process does: import the entry by URL, call onPreBuild with utils.
    const script = `const { onPreBuild } = await import(process.argv[1]);
await onPreBuild({ utils: { build: { failBuild: (message) => { console.error('failBuild: ' + message); process.exit(3); } } } });`;
    const entry = pathToFileURL(path.join(ROOT, 'netlify/plugins/published-comments/index.js')).href;
    const env = { PATH: process.env.PATH, NETLIFY_BLOBS_CONTEXT: blobs.context, CONTEXT: 'production', DEPLOY_ID: DEPLOY, NETLIFY: 'true' };
    const output = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script, entry], { cwd: root, env }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      ),
    );

    const file = await readFileJson();
    expect(output).toContain(`2 published comment(s) on 1 post(s) read from the store NETLIFY_BLOBS_CONTEXT names into ${COMMENTS_FILE}`);
    expect(file).toMatchObject({ state: 'read', deployId: DEPLOY, leftOut: 0 });
    expect((file.byPost as Record<string, PublishedComment[]>)['a-post']!.map((comment) => comment.id)).toEqual(['earlier', 'later']);
    expect(JSON.stringify(file)).not.toMatch(/@example\.com|Waiting|email/);
  });
});

describe('the plugin when it cannot read the comments', () => {
  it('fails a production build with a message naming why, and leaves no file from an earlier build behind', async () => {
    await plant(JSON.stringify({ state: 'read', deployId: DEPLOY, leftOut: 0, byPost: { 'a-post': [approved('erased-since', '2026-11-01T10:00:00Z')] } }));
    const { failBuild, log, run } = recordingRun({ NETLIFY_BLOBS_CONTEXT: wrongToken(), CONTEXT: 'production', DEPLOY_ID: DEPLOY });

    await run();

    expect(failBuild).toHaveBeenCalledOnce();
    expect(failBuild.mock.calls[0]![0]).toMatch(
      /^This production deploy stops here: the published comments could not be read[\s\S]*Netlify keeps the last good deploy live meanwhile\.\n- Why: reading the "comments" store \(the store NETLIFY_BLOBS_CONTEXT names\) failed: BlobsInternalError \(status 403\)\./,
    );
    expect(log.warn).not.toHaveBeenCalled();
    expect(await fileExists()).toBe(false);
  });

  it('fails a production build that Netlify gave no Blobs access, saying so', async () => {
    const { failBuild, run } = recordingRun({ CONTEXT: 'production', DEPLOY_ID: DEPLOY });

    await run();

    expect(failBuild.mock.calls[0]![0]).toMatch(/- Why: Netlify Blobs cannot be reached here \(NETLIFY_BLOBS_CONTEXT is not set\)/);
  });

  it.each(['deploy-preview', 'branch-deploy'])('lets a %s go on: a warning, and a file that says why, which the build repeats', async (context) => {
    const { failBuild, log, run } = recordingRun({ NETLIFY_BLOBS_CONTEXT: wrongToken(), CONTEXT: context, DEPLOY_ID: DEPLOY });

    await run();

    expect(failBuild).not.toHaveBeenCalled();
    expect(log.warn.mock.calls).toEqual([[expect.stringMatching(/^Comments are left out of this build \(a production build would stop here\): reading .* failed: BlobsInternalError \(status 403\)\.$/)]]);
    expect(await readFileJson()).toEqual({ state: 'unavailable', deployId: DEPLOY, reason: expect.stringContaining('BlobsInternalError (status 403)') });

    const logger = recordingLogger();
    await expect(commentsForBuild({ NETLIFY: 'true', CONTEXT: context, DEPLOY_ID: DEPLOY }, root, logger)).resolves.toEqual({});
    expect(logger.lines).toEqual([{ level: 'warn', message: expect.stringMatching(/^Comments are left out of this build .*BlobsInternalError \(status 403\)/) }]);
  });
});

describe('the site’s build on Netlify', () => {
  it('reads the comments from the plugin’s file, not from any store', async () => {
    await recordingRun({ NETLIFY_BLOBS_CONTEXT: blobs.context, CONTEXT: 'production', DEPLOY_ID: DEPLOY }).run();
    const logger = recordingLogger();

    const byPost = await commentsForBuild({ NETLIFY: 'true', CONTEXT: 'production', DEPLOY_ID: DEPLOY }, root, logger);

    expect(byPost['a-post']!.map((comment) => comment.id)).toEqual(['earlier', 'later']);
    expect(logger.lines).toEqual([
      { level: 'info', message: `2 published comment(s) on 1 post(s), from ${COMMENTS_FILE}, which the published-comments plugin read from the store NETLIFY_BLOBS_CONTEXT names` },
    ]);
  });

  it('stops in production when the plugin did not run, saying how to fix it', async () => {
    await expect(commentsForBuild({ NETLIFY: 'true', CONTEXT: 'production', DEPLOY_ID: DEPLOY }, root, recordingLogger())).rejects.toThrow(
      /^This production deploy stops here[\s\S]*- Why: the build plugin that reads them did not run in this build \(there is no \.netlify\/published-comments\.json\)\. netlify\.toml must list it: \[\[plugins\]\] package = "\.\/netlify\/plugins\/published-comments"/,
    );
  });

  it('stops in production on a file another deploy left, or one that is not the plugin’s', async () => {
    await plant(JSON.stringify({ state: 'read', deployId: 'an-older-deploy', leftOut: 0, byPost: {} }));
    await expect(commentsForBuild({ NETLIFY: 'true', CONTEXT: 'production', DEPLOY_ID: DEPLOY }, root, recordingLogger())).rejects.toThrow(
      /did not run in this build \(\.netlify\/published-comments\.json was written for deploy an-older-deploy, not this one, deploy-1\)/,
    );

    await plant('{"state":"read"');
    await expect(commentsForBuild({ NETLIFY: 'true', CONTEXT: 'production', DEPLOY_ID: DEPLOY }, root, recordingLogger())).rejects.toThrow(/- Why: \.netlify\/published-comments\.json is not JSON/);
  });

  it('goes on in a deploy preview when the plugin did not run, with a warning', async () => {
    const logger = recordingLogger();

    await expect(commentsForBuild({ NETLIFY: 'true', CONTEXT: 'deploy-preview', DEPLOY_ID: DEPLOY }, root, logger)).resolves.toEqual({});

    expect(logger.lines).toEqual([{ level: 'warn', message: expect.stringMatching(/^Comments are left out of this build .*did not run in this build/) }]);
  });

  it('is `netlify build` too (NETLIFY_LOCAL), while a build off Netlify ignores the file and reads the local store', async () => {
    await recordingRun({ NETLIFY_BLOBS_CONTEXT: blobs.context, CONTEXT: 'production' }).run();

    await expect(commentsForBuild({ NETLIFY_LOCAL: 'true', CONTEXT: 'production' }, root, recordingLogger())).resolves.toMatchObject({ 'a-post': expect.any(Array) });
    // No .data/blobs in this folder: nobody has commented here, whatever the file says.
    await expect(commentsForBuild({}, root, recordingLogger())).resolves.toEqual({});
  });
});
