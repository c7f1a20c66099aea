/**
 * README.md is the way in, and its map of folders and its table of commands are what drift first:
 * a folder is added or moved, a script renamed, and the README still names the old one. This
 * reads both and checks them against the tree and package.json; and every "See <file>.md,
 * "<section>"" that the code prints to a coach or a deployer must lead to a heading that exists.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/fixtureSite';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The lines of a `## ` section of a Markdown text, up to the next `## ` outside a code block. */
function section(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) return [];
  let fenced = false;
  let end = start + 1;
  for (; end < lines.length; end++) {
    if (lines[end]!.startsWith('```')) fenced = !fenced;
    if (!fenced && lines[end]!.startsWith('## ')) break;
  }
  return lines.slice(start + 1, end);
}

/** The paths the map names: the first word of each line of its code block that does not continue the line above. */
function mapEntries(): string[] {
  const lines = section(README, 'Where things are');
  const open = lines.findIndex((line) => line.startsWith('```'));
  const close = lines.findIndex((line, i) => i > open && line.startsWith('```'));
  return lines
    .slice(open + 1, close)
    .filter((line) => line.trim() !== '' && !/^\s/.test(line))
    .map((line) => line.split(/\s+/)[0]!);
}

/** Every folder git tracks a file in, relative to the root, without a trailing slash. */
function trackedFolders(): Set<string> {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return folders;
}

describe('README’s map of folders', () => {
  const entries = mapEntries();
  const folders = trackedFolders();
  const listed = new Set(entries.filter((entry) => entry.endsWith('/')).map((entry) => entry.slice(0, -1)));

  it('names something', () => {
    expect(entries.length).toBeGreaterThan(20);
  });

  it('names only folders and files that exist, folders with a trailing slash', () => {
    for (const entry of entries) {
      expect(existsSync(path.join(ROOT, entry)), entry).toBe(true);
      if (!entry.endsWith('/')) expect(folders.has(entry), `${entry} is a folder: write it ${entry}/`).toBe(false);
    }
  });

  it('names every top-level folder', () => {
    const top = [...folders].filter((folder) => !folder.includes('/'));
    expect(top.filter((folder) => !listed.has(folder))).toEqual([]);
  });

  it('names every folder directly under src/ and netlify/server/', () => {
    for (const parent of ['src', 'netlify/server']) {
      const children = [...folders].filter((folder) => path.posix.dirname(folder) === parent);
      expect(children.length, parent).toBeGreaterThan(3);
      expect(children.filter((folder) => !listed.has(folder)), parent).toEqual([]);
    }
  });
});

describe('README’s table of commands', () => {
  const commands = section(README, 'Commands').filter((line) => line.startsWith('| `'));
  const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

  it('lists every script of package.json', () => {
    const named = new Set(commands.map((line) => /^\| `npm (?:run )?([\w:-]+)/.exec(line)?.[1]));
    expect(scripts.filter((script) => !named.has(script))).toEqual([]);
  });

  it('lists the three test commands: the fast suite, the slow one and the browser one', () => {
    for (const command of ['npm test', 'npm run test:slow', 'npm run test:e2e']) expect(commands.some((line) => line.startsWith(`| \`${command}\``)), command).toBe(true);
  });
});

describe('the guides the code sends people to', () => {
  /** Every `<name>.md, "<heading>"` (straight or curly quotes) in the code: messages and comments alike. */
  const references = (() => {
    const files = execFileSync('git', ['ls-files', '-z', 'netlify', 'integrations', 'local', 'scripts', 'src'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((file) => /\.(ts|mts|astro)$/.test(file));
    return files.flatMap((file) =>
      [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/([\w./-]+\.md), ["“]([^"”]+)["”]/g)].map(([, doc, heading]) => ({ file, doc: doc!, heading: heading! })),
    );
  })();

  it('are found', () => {
    expect(references.length).toBeGreaterThan(3);
  });

  it('exist, with the section they name', () => {
    for (const { file, doc, heading } of references) {
      const target = path.join(ROOT, doc);
      expect(existsSync(target), `${file}: ${doc}`).toBe(true);
      const headings = readFileSync(target, 'utf8')
        .split('\n')
        .filter((line) => /^#{1,4} /.test(line))
        .map((line) => line.replace(/^#+ /, ''));
      // A heading may go on in brackets: "Publishing" names "## Publishing (the site's side)".
      expect(
        headings.some((h) => h === heading || h.startsWith(`${heading} (`)),
        `${file}: ${doc}, "${heading}"`,
      ).toBe(true);
    }
  });
});
