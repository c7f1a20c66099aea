/**
 * `npm run check:launch`: lists every example value src/site.config.ts still ships with (the
 * example coach, the example domain, the example booking link, placeholder prices…), marked
 * there with example(…), and every address on a domain reserved for examples; exits 1 while
 * any remain. For the coach, before going live; not part of CI or of deploy previews, which
 * build with the examples on purpose.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Placeholder {
  line: number;
  /** The line as written, trimmed. */
  text: string;
  why: 'example' | 'example-domain';
}

/** Domains reserved for examples (RFC 2606): nobody can own them, so no real site uses them. */
const EXAMPLE_DOMAIN = /[\w.-]*\bexample\.(?:com|org|net)\b|[\w-]+\.example\b/;

export function findPlaceholders(source: string): Placeholder[] {
  const found: Placeholder[] = [];
  const lines = source.split('\n');
  lines.forEach((line, index) => {
    const text = line.trim();
    // The marker's own definition and the comments that explain it are not values.
    if (/^(\/\/|\*|\/\*)/.test(text) || /^const example\b/.test(text)) return;
    if (/\bexample\(/.test(text)) {
      // A value too long for its line continues on the next ones, up to the closing bracket.
      let call = text;
      for (let next = index + 1; !/\bexample\([\s\S]*\)/.test(call) && next < lines.length; next++) call += ` ${lines[next]!.trim()}`;
      found.push({ line: index + 1, text: call, why: 'example' });
    } else if (EXAMPLE_DOMAIN.test(text)) found.push({ line: index + 1, text, why: 'example-domain' });
  });
  return found;
}

export function launchReport(file: string, placeholders: readonly Placeholder[]): string {
  if (placeholders.length === 0) return `No example values left in ${file}: ready to go live.`;
  return [
    `Before going live, replace ${placeholders.length === 1 ? 'this example value' : `these ${placeholders.length} example values`} in ${file}:`,
    ...placeholders.map(({ line, text, why }) => `  line ${String(line).padEnd(4)} ${text}${why === 'example-domain' ? '   (a domain reserved for examples)' : ''}`),
    "Write your own value in plain quotes in place of example('…'), e.g. coachName: 'Sam Rivera', then run npm run check:launch again.",
  ].join('\n');
}

if (import.meta.main) {
  const file = path.resolve(process.argv[2] ?? path.join(ROOT, 'src/site.config.ts'));
  const placeholders = findPlaceholders(readFileSync(file, 'utf8'));
  console.log(launchReport(path.relative(process.cwd(), file) || file, placeholders));
  process.exit(placeholders.length === 0 ? 0 : 1);
}
