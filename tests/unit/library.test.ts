import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildLibrary, plainWords, writeLibrary } from '#integrations/library.ts';
import { readLibrary } from '#server/reading/library.ts';
import { ROOT } from '../support/fixtureSite';

describe('plainWords', () => {
  it('keeps the prose of an MDX body and drops imports, components, expressions, code and markup', () => {
    const body = `import Callout from '../../components/Callout.astro';
export const meta = { mood: 'calm' };

## Why **this** helps

<Callout type="tip" icon={star}>Energy is a more *honest* signal, __quietly__.</Callout>

{/* a note to myself */}
Read [the values post](/blog/values/) and ![a chart](./chart.png) then \`stop\`.

\`\`\`js
const hidden = 'never shown';
\`\`\`

> Quoted advice
- one item
1. first step
<!-- hidden comment -->
---
Done_well.`;

    const words = plainWords(body);

    expect(words).toBe('Why this helps Energy is a more honest signal, quietly. Read the values post and then stop. Quoted advice one item first step Done_well.');
  });

  it('keeps only the first words it is asked for', () => {
    expect(plainWords('one two three four five', 3)).toBe('one two three');
  });
});

describe('buildLibrary', () => {
  let root: string;
  const write = async (file: string, frontmatter: string, body = 'Body words.') => {
    await mkdir(path.dirname(path.join(root, 'src/content', file)), { recursive: true });
    await writeFile(path.join(root, 'src/content', file), `---\n${frontmatter}\n---\n\n${body}\n`);
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'unstuck-library-'));
    await write('blog/live.mdx', 'title: Live & well\ndescription: A published post.\npubDate: 2026-05-01\ntags:\n  - career change');
    await write('blog/scheduled.mdx', 'title: Scheduled\ndescription: Not yet.\npubDate: 2026-12-01');
    await write('blog/unfinished.mdx', 'title: Unfinished\ndescription: A draft.\npubDate: 2026-01-01\ndraft: true');
    await write('exercises/ready.mdx', 'title: Ready\nsummary: An exercise.\nfocus:\n  - clarity\nwhen: either\nminutes: 10\nprompts: []');
    await write('exercises/half-done.mdx', 'title: Half done\nsummary: A draft exercise.\nfocus:\n  - goals\ndraft: true');
    await write('inquiries/open-question.mdx', 'question: What would enough look like?\ncontext: When the finish line moves.\nthemes:\n  - values\n  - success', '<Aside>Take it **slowly**.</Aside>');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('leaves out drafts and posts dated after the moment it is built for', async () => {
    const library = await buildLibrary(root, new Date('2026-11-25T12:00:00Z'));

    expect(library.map((item) => `${item.kind}:${item.slug}`)).toEqual(['post:live', 'exercise:ready', 'inquiry:open-question']);
  });

  it('leaves out a file whose frontmatter has a mistake, instead of stopping `npm start` (the content check names it)', async () => {
    await write('blog/broken.mdx', 'title: Early: a post\ndescription: A colon too many.\npubDate: 2026-01-01');

    const library = await buildLibrary(root, new Date('2026-11-25T12:00:00Z'));

    expect(library.map((item) => item.slug)).toEqual(['live', 'ready', 'open-question']);
  });

  it('takes in a scheduled post once its day has come, and never a draft', async () => {
    const library = await buildLibrary(root, new Date('2026-12-01T00:00:00Z'));

    expect(library.map((item) => item.slug)).toEqual(['live', 'scheduled', 'ready', 'open-question']);
  });

  it("reads each kind's own fields: an inquiry's question, context and themes", async () => {
    const library = await buildLibrary(root, new Date('2026-11-25T12:00:00Z'));

    expect(library.find((item) => item.kind === 'inquiry')).toEqual({
      kind: 'inquiry',
      slug: 'open-question',
      title: 'What would enough look like?',
      url: '/inquiries/open-question/',
      summary: 'When the finish line moves.',
      terms: ['values', 'success'],
      text: 'Take it slowly.',
    });
    expect(library[0]).toMatchObject({ url: '/blog/live/', title: 'Live & well', summary: 'A published post.', terms: ['career change'] });
  });

  it('writes a file the functions accept', async () => {
    const target = await writeLibrary(root, new Date('2026-11-25T12:00:00Z'));

    const read = readLibrary(JSON.parse(await readFile(target, 'utf8')));

    expect(read.ok && read.value.map((item) => item.slug)).toEqual(['live', 'ready', 'open-question']);
  });
});

describe('the shipped library', () => {
  it('holds every published post, exercise and inquiry, in a shape the functions accept, and no draft', async () => {
    const library = await buildLibrary(ROOT, new Date('2027-01-01T00:00:00Z'));

    const read = readLibrary(library);

    expect(read.ok).toBe(true);
    expect(library.filter((item) => item.kind === 'exercise')).toHaveLength(10);
    expect(library.filter((item) => item.kind === 'inquiry')).toHaveLength(12);
    expect(library.filter((item) => item.kind === 'post').map((item) => item.slug)).toEqual([
      'homework-that-actually-gets-done',
      'sitting-with-a-coaching-inquiry',
      'your-resume-is-not-a-job-description',
    ]);
  });
});

describe('readLibrary', () => {
  const item = {
    kind: 'exercise',
    slug: 'energy-audit',
    title: 'Energy audit',
    url: '/exercises/energy-audit/',
    summary: 'Note what gives you energy.',
    terms: ['habits'],
    text: 'Words.',
  };

  it('accepts a well-formed library', () => {
    expect(readLibrary([item]).ok).toBe(true);
  });

  it('refuses an item whose link leaves the site, and says where', () => {
    const read = readLibrary([item, { ...item, url: 'javascript:alert(1)' }]);

    expect(read).toEqual({ ok: false, error: { name: 'library_unreadable', at: '1.url' } });
  });

  it('refuses a kind the desk does not know', () => {
    expect(readLibrary([{ ...item, kind: 'podcast' }]).ok).toBe(false);
  });
});
