/**
 * Approved comments in the built posts: one real build of the project, run as on Netlify, reading
 * what the published-comments build plugin wrote from a real local blob store seeded with approved
 * comments, a coach's reply, a comment still waiting for approval and the commenters' emails. Then
 * small real builds for what a build does when the plugin did not run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBlobs, type LocalBlobs } from '#local/blobs.ts';
import { COMMENTS_FILE } from '#integrations/comments/commentsFile.ts';
import { writePublishedComments } from '#integrations/comments/writePublishedComments.ts';
import { COMMENTS_STORE, publishedKey, type PublishedComment } from '#server/comments/published.ts';
import { buildSiteWith, type BuiltSite } from '../support/buildSite';
import { createFixtureSite, ROOT, type FixtureSite } from '../support/fixtureSite';

const POST = 'homework-that-actually-gets-done';
const QUIET_POST = 'your-resume-is-not-a-job-description';
const EMAILS = ['rosa-approved@example.com', 'ann-approved@example.com', 'pending-reader@example.com'];

const published = (comment: Omit<PublishedComment, 'postSlug'> & Record<string, unknown>) => ({ postSlug: POST, ...comment });

const COMMENTS = [
  published({
    id: 'c-rosa',
    name: 'Rosa "R" <b>Díaz</b>',
    website: 'https://rosa.example.com/?q="><script>alert(1)</script>',
    body: "Loved *this*.\n\n- one\n- two\n\n<script>alert('body')</script> [bad](javascript:alert(1)) [good](https://example.org/x)",
    createdAt: '2026-11-20T10:00:00Z',
    byCoach: false,
  }),
  // A writer's mistake: an email inside a published record must still never reach a page.
  published({ id: 'c-ann', name: 'Ann', website: 'javascript:alert(1)', body: '> quoted', createdAt: '2026-11-19T10:00:00Z', byCoach: false, email: 'ann-approved@example.com' }),
  published({ id: 'c-coach', parentId: 'c-rosa', name: 'Maya Ellison', body: 'Thank you, **Rosa**!', createdAt: '2026-11-21T10:00:00Z', byCoach: true }),
];

let blobs: LocalBlobs;
let storeDir: string;
let site: BuiltSite;
let post: string;
/** The comments part of the post page. */
let section: string;

beforeAll(async () => {
  storeDir = await mkdtemp(path.join(tmpdir(), 'unstuck-comments-'));
  blobs = await startLocalBlobs(storeDir);
  const { edgeURL, uncachedEdgeURL, siteID, token } = JSON.parse(Buffer.from(blobs.context, 'base64').toString('utf8')) as Record<string, string>;
  const store = getStore({ name: COMMENTS_STORE, consistency: 'strong', edgeURL, uncachedEdgeURL, siteID: siteID!, token: token! });
  for (const comment of COMMENTS) await store.setJSON(publishedKey(POST, comment.id), comment);
  // What the comments function keeps beside the published ones: never to be read by the build.
  await store.setJSON('pending/p-1', { id: 'p-1', postSlug: POST, name: 'Pending Person', email: 'pending-reader@example.com', body: 'PENDING-BODY-MARKER', createdAt: '2026-11-22T10:00:00Z' });
  await store.setJSON('commenters/c-rosa', { email: 'rosa-approved@example.com', notify: true });

  // As on Netlify: the plugin reads the store before the build (only it has the Blobs context), the build reads its file.
  const deploy = { DEPLOY_ID: 'deploy-comments' };
  const failBuild = (message: string) => {
    throw new Error(message);
  };
  const buildFolder = path.join(storeDir, 'plugin-run');
  await writePublishedComments({ env: { NETLIFY_BLOBS_CONTEXT: blobs.context, ...deploy }, root: buildFolder, build: { failBuild }, log: { log() {}, warn: failBuild } });
  const file = await readFile(path.join(buildFolder, COMMENTS_FILE));
  site = await buildSiteWith({ [COMMENTS_FILE]: file }, { NETLIFY: 'true', ...deploy });
  post = await site.read(`blog/${POST}/index.html`);
  section = post.slice(post.indexOf('<section class="comments'), post.indexOf('</section>', post.indexOf('<section class="comments')));
}, 240_000);

afterAll(async () => {
  await blobs?.stop();
  await rm(storeDir, { recursive: true, force: true });
});

/** The opening <a> tags in some HTML, with their attributes. */
const anchors = (html: string) =>
  [...html.matchAll(/<a\s([^>]*)>/g)].map(([, attributes]) => Object.fromEntries([...attributes!.matchAll(/([a-z-]+)="([^"]*)"/g)].map(([, key, value]) => [key!, value!])));

describe('a post with approved comments', () => {
  it('says how many there are and lists them oldest first, the coach’s reply under the comment it answers, marked as hers', () => {
    expect(section).toContain('<h2 id="comments-title">3 comments</h2>');
    expect([...section.matchAll(/<article class="([^"]+)" id="comment-([^"]+)"/g)].map(([, classes, id]) => [id, classes])).toEqual([
      ['c-ann', 'comment'],
      ['c-rosa', 'comment'],
      ['c-coach', 'comment comment--coach'],
    ]);
    const rosa = section.slice(section.indexOf('id="comment-c-rosa"'));
    expect(rosa.indexOf('<ol class="comment-replies">')).toBeLessThan(rosa.indexOf('id="comment-c-coach"'));
    expect(section.match(/class="comment__badge">Coach</g)).toHaveLength(1);
    expect(section).toMatch(/id="comment-c-coach-author">Maya Ellison <span class="comment__badge">Coach<\/span>/);
  });

  it('renders the comment’s Markdown and escapes the name, the website and anything else', () => {
    expect(section).toContain('<p>Loved <em>this</em>.</p>');
    expect(section).toContain('<li>one</li>');
    expect(section).toContain('Rosa &quot;R&quot; &lt;b&gt;Díaz&lt;/b&gt;');
    expect(section).toContain("&lt;script&gt;alert('body')&lt;/script&gt;");
    expect(section).toContain('[bad](javascript:alert(1))');
    expect(section).not.toMatch(/<script|<b>|javascript:alert\(1\)"/);
    expect(section).toContain('<blockquote>');
  });

  it('links the commenter’s website and every link in a comment with rel="nofollow ugc", and nothing that is not http(s)', () => {
    const outside = anchors(section).filter((a) => !a.href!.startsWith('#'));
    expect(outside.filter((a) => a.href !== '/privacy/#comments-heading')).toEqual([
      { href: 'https://rosa.example.com/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E', rel: 'nofollow ugc' },
      { href: 'https://example.org/x', rel: 'nofollow ugc' },
    ]);
    // Ann's "website" was javascript:; her name is shown without a link.
    expect(section).toMatch(/id="comment-c-ann-author">Ann<\/p>/);
  });

  it('leaves comments waiting for approval out, and no commenter’s email appears anywhere in what is published', async () => {
    expect(section).not.toContain('Pending Person');
    const leaks: string[] = [];
    for (const file of site.files) {
      const bytes = await readFile(path.join(site.dir, file));
      // Pagefind's index files are gzipped: look inside them too.
      let text = bytes.toString('utf8');
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) text += gunzipSync(bytes).toString('utf8');
      for (const secret of [...EMAILS, 'PENDING-BODY-MARKER', 'Pending Person']) if (text.includes(secret)) leaks.push(`${file}: ${secret}`);
    }
    expect(leaks).toEqual([]);
  });

  it('stays free of JavaScript, keeps the comments out of the search index, and ends with the Leave a Reply form', () => {
    expect(post).not.toMatch(/<script\b/i);
    expect(post.indexOf('</article>')).toBeLessThan(post.indexOf('<section class="comments'));
    expect(section).not.toContain('data-pagefind-body');
    expect(section).toContain('<h2 id="reply-title">Leave a Reply</h2>');
    expect(section).toContain('Your email address will not be published. Required fields are marked <span class="required">*</span>');
    expect(section).toMatch(/<form [^>]*method="post" action="\/api\/comments"/);
    const names = [...section.matchAll(/<(?:input|textarea)[^>]* name="([^"]+)"/g)].map(([, name]) => name);
    expect(names).toEqual(['id', 'elapsedMs', 'leave_this_blank', 'post', 'comment', 'name', 'email', 'website', 'notify']);
    expect(section).toContain(`<input type="hidden" name="post" id="field-post" value="${POST}">`);
    expect(section).toMatch(/<input type="email" name="email" id="field-email"(?![^>]*value=)[^>]*required/);
    expect(section).toMatch(/<input type="checkbox" name="notify" id="field-notify"(?![^>]*checked)/);
    expect(section).toMatch(/<label for="field-website">Website<span class="optional"> \(optional\)<\/span><\/label>/);
  });
});

describe('a post nobody has commented on', () => {
  it('says so, and offers the form', async () => {
    const html = await site.read(`blog/${QUIET_POST}/index.html`);
    expect(html).toContain('<h2 id="comments-title">No comments yet</h2>');
    expect(html).toContain(`name="post" id="field-post" value="${QUIET_POST}"`);
    expect(html).not.toMatch(/<script\b/i);
  });
});

describe('a real build on Netlify whose plugin did not run', () => {
  let fixture: FixtureSite;
  const saved = { ...process.env };

  beforeAll(async () => {
    fixture = await createFixtureSite({ contentCheck: false });
    await fixture.write(
      'astro.config.mjs',
      `import { defineConfig } from 'astro/config';\nimport { publishedCommentsIntegration } from ${JSON.stringify(`${ROOT}integrations/publishedComments.ts`)};\nexport default defineConfig({ cacheDir: './.astro-cache', integrations: [publishedCommentsIntegration()] });\n`,
    );
    await fixture.write('src/pages/index.astro', '<html lang="en"><head><title>Fixture</title></head><body><p>Hello</p></body></html>\n');
    // The store is there, but on Netlify the build command never gets its context: only the plugin's file counts.
    process.env.NETLIFY = 'true';
    process.env.NETLIFY_BLOBS_CONTEXT = blobs.context;
  });

  afterAll(async () => {
    process.env = saved;
    await fixture?.cleanup();
  });

  it('fails in production, saying the plugin did not run, how to fix it, and that the live site stays as it was', async () => {
    process.env.CONTEXT = 'production';

    const { code, output } = await fixture.astro('build');

    expect(code).not.toBe(0);
    expect(output).toContain('This production deploy stops here: the published comments could not be read');
    expect(output).toContain('Netlify keeps the last good deploy live meanwhile.');
    expect(output).toContain('the build plugin that reads them did not run in this build (there is no .netlify/published-comments.json)');
    expect(output).toContain('[[plugins]] package = "./netlify/plugins/published-comments"');
  });

  it('goes on in a deploy preview, with a warning', async () => {
    process.env.CONTEXT = 'deploy-preview';

    const { code, output } = await fixture.astro('build');

    expect(code, output).toBe(0);
    expect(output).toContain('Comments are left out of this build (a production build would stop here)');
  });
});
