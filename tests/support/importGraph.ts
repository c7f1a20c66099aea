/**
 * The project's import graph, read from the source as text (TypeScript's own pre-processor finds
 * every import, type-only ones included), and the layer rules of docs/architecture.md checked
 * against it. Used by tests/unit/layers.test.ts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface Edge {
  from: string;
  to: string;
}

const SOURCE = /\.(ts|mts|js|mjs|astro)$/;
const SKIPPED = new Set(['node_modules', 'dist', '.git', '.astro', '.data', '.netlify', 'test-results', 'generated']);

/** Every source file below `root`, as forward-slash paths relative to it. */
export function sourceFiles(root: string, folder = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const relative = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...sourceFiles(root, relative));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(relative);
  }
  return out;
}

/** The code of a file that can import: an .astro file's frontmatter and its scripts. */
function codeOf(file: string, text: string): string {
  if (!file.endsWith('.astro')) return text;
  const frontmatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  const scripts = [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  return [frontmatter, ...scripts].join('\n');
}

/** package.json `imports` as prefix pairs: `#server/` → `netlify/server/`. */
function aliases(root: string): [string, string][] {
  const imports = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).imports as Record<string, string>;
  return Object.entries(imports).map(([alias, target]) => [alias.replace(/\*$/, ''), target.replace(/^\.\//, '').replace(/\*$/, '')]);
}

const EXTENSIONS = ['', '.ts', '.mts', '.js', '.mjs', '/index.ts'];

/** Where an import points inside the project, or null for a package. */
export function resolveImport(root: string, from: string, specifier: string, prefixes = aliases(root)): string | null {
  let base: string | undefined;
  if (specifier.startsWith('.')) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else {
    const alias = prefixes.find(([prefix]) => specifier.startsWith(prefix));
    if (alias) base = alias[1] + specifier.slice(alias[0].length);
  }
  if (base === undefined) return null;
  for (const extension of EXTENSIONS) if (existsSync(path.join(root, base + extension))) return base + extension;
  return base;
}

/** Every import between two files of the project. */
export function importGraph(root: string): Edge[] {
  const prefixes = aliases(root);
  const edges: Edge[] = [];
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(codeOf(file, readFileSync(path.join(root, file), 'utf8')), true, true);
    for (const { fileName } of info.importedFiles) {
      const to = resolveImport(root, file, fileName, prefixes);
      if (to !== null) edges.push({ from: file, to });
    }
  }
  return edges;
}

export interface Layer {
  rank: number;
  name: string;
  /** Path prefixes: a folder ends with '/', a file is named whole. */
  places: string[];
}

/**
 * The layers as docs/architecture.md writes them down: one table row per layer, lowest first,
 * its places in backticks in the last column.
 */
export function layersFrom(markdown: string): Layer[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Layers')) ?? '';
  const rows = section.split('\n').filter((line) => /^\|\s*\d+\s*\|/.test(line));
  return rows.map((row) => {
    const cells = row.split('|').slice(1, -1).map((cell) => cell.trim());
    return { rank: Number(cells[0]), name: cells[1]!, places: [...cells.at(-1)!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) };
  });
}

/** The layer of a file: the one whose place is the longest prefix of its path. */
export function layerOf(file: string, layers: Layer[]): Layer | undefined {
  let best: { layer: Layer; length: number } | undefined;
  for (const layer of layers) {
    for (const place of layer.places) {
      const matches = place.endsWith('/') ? file.startsWith(place) : file === place;
      if (matches && place.length > (best?.length ?? -1)) best = { layer, length: place.length };
    }
  }
  return best?.layer;
}

/** Imports from a lower layer up to a higher one, in words. */
export function upwardImports(edges: Edge[], layers: Layer[]): string[] {
  const out: string[] = [];
  for (const { from, to } of edges) {
    const a = layerOf(from, layers);
    const b = layerOf(to, layers);
    if (a && b && b.rank > a.rank) out.push(`${from} (${a.name}) imports ${to} (${b.name})`);
  }
  return out;
}

/** Files that no layer names. */
export function unplaced(files: string[], layers: Layer[]): string[] {
  return files.filter((file) => !layerOf(file, layers));
}

/** Every import circle, each as the files around it (Tarjan's strongly connected components). */
export function importCircles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = (next.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) circles.push(component.sort());
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return circles;
}
