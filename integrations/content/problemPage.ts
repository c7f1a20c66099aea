/**
 * What `npm start` shows, instead of a stale page or the 404 page, at the address of an entry
 * whose file has a mistake and at the listing it belongs to: the file, the line, what is wrong
 * and what to do. The page looks again every two seconds and becomes the real page once the
 * file is fixed.
 */
import { html, joined } from '#server/web/html.ts';
import { SECURITY_HEADERS } from '#server/web/securityHeaders.ts';
import type { ContentProblem } from './checkContent.ts';

/** Seconds between the page's own reloads while the mistake is there. */
export const RELOAD_SECONDS = 2;

/** The problems that concern a page of the site: its entry's, or for a listing its collection's. */
export function problemsForPage(pathname: string, problems: readonly ContentProblem[]): ContentProblem[] {
  let path: string;
  try {
    path = decodeURIComponent(pathname).replace(/\/+$/, '');
  } catch {
    return [];
  }
  return problems.filter(({ collection, slug }) => {
    const listing = new RegExp(`^/${collection}(/\\d+|/filter/.*)?$`);
    return path === `/${collection}/${slug}` || listing.test(path);
  });
}

export function problemPage(problems: readonly ContentProblem[]): Response {
  const files = [...new Set(problems.map((problem) => problem.file))];
  const sections = files.map((file) => {
    const items = problems
      .filter((problem) => problem.file === file)
      .map((problem) => html`<li><strong>Line ${problem.line}</strong>: ${problem.message}</li>`);
    return html`<section><h2><code>${file}</code></h2><ul>${items}</ul></section>`;
  });
  const heading = files.length === 1 ? 'A content file needs fixing' : `${files.length} content files need fixing`;
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RELOAD_SECONDS}">
<title>${heading}</title>
</head>
<body>
<main>
<h1>${heading}</h1>
<p>This page is made from the file below, and the file has a mistake, so the page cannot be shown yet. Nothing is published like this: <code>npm run build</code> stops with the same message.</p>
${joined(sections, '\n')}
<p>Open the file in your editor, go to the line, fix what it says and save. This page looks again every ${RELOAD_SECONDS} seconds and shows itself once the file is right. How to write each field: docs/coach-guide.md, "Editing content".</p>
</main>
</body>
</html>
`;
  return new Response(document.value, { status: 500, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}
