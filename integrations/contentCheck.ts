/**
 * Checks every content file against the content model before Astro does, and says what is
 * wrong in plain words with the file and the line (integrations/content/):
 *
 * - `astro build` and `astro sync` stop with the list of mistakes;
 * - `npm start` keeps running and shows each mistake where the coach is looking: at the page of
 *   the broken entry and at its listing (instead of the last good version, or a 404 for a new
 *   file), and in Astro's error overlay on every open page, from startup and after each save,
 *   until the file is fixed. Astro's own content reloads only log to the terminal.
 */
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { checkContent, problemLine, type ContentProblem } from './content/checkContent.ts';
import { problemPage, problemsForPage } from './content/problemPage.ts';
import { sendResponse } from '#local/nodeHttp.ts';

type DevServer = Parameters<NonNullable<AstroIntegration['hooks']['astro:server:setup']>>[0]['server'];

/** A build stopped by the coach's content, not by code: its message says all, a stack trace would only hide it. */
export class ContentFileError extends Error {
  override name = 'ContentFileError';
  override stack = '';
}

/** Why the build stops: every mistake, one a line, and where to read how to write each field. */
export function contentErrorMessage(problems: readonly ContentProblem[]): string {
  return [
    problems.length === 1 ? 'A content file has a mistake:' : `Content files have ${problems.length} mistakes:`,
    ...problems.map((problem) => `  ${problemLine(problem)}`),
    'Fix each one and build again. How to write each field: docs/coach-guide.md, "Editing content".',
  ].join('\n');
}

/** Shows the first mistake in Astro's error overlay, on every page open in a browser. */
function showOverlay(server: DevServer, problems: readonly ContentProblem[], root: string): void {
  const [first] = problems;
  server.environments.client.hot.send({
    type: 'error',
    err: {
      name: 'ContentFileError',
      message: problems.map(problemLine).join('\n'),
      hint: 'Fix the file and save it: the page reloads by itself. How to write each field: docs/coach-guide.md, "Editing content".',
      stack: '',
      id: path.join(root, first!.file),
      loc: { file: path.join(root, first!.file), line: first!.line, column: 1 },
      plugin: 'unstuck:content-check',
    },
  });
}

export function contentCheckIntegration(): AstroIntegration {
  let root = process.cwd();
  let problems: ContentProblem[] = [];
  return {
    name: 'unstuck:content-check',
    hooks: {
      'astro:config:setup': async ({ config, command }) => {
        root = path.resolve(new URL(config.root).pathname);
        if (command !== 'build' && command !== 'sync') return;
        const found = await checkContent(root);
        if (found.length > 0) throw new ContentFileError(contentErrorMessage(found));
      },
      'astro:server:setup': async ({ server, logger }) => {
        let shown = '';
        const recheck = async () => {
          problems = await checkContent(root);
          const now = problems.map(problemLine).join('\n');
          if (now === shown) return;
          for (const line of problems.map(problemLine)) if (!shown.includes(line)) logger.error(line);
          if (problems.length > 0) showOverlay(server, problems, root);
          else if (shown) {
            logger.info('Every content file is fine again.');
            server.environments.client.hot.send({ type: 'full-reload' });
          }
          shown = now;
        };
        // One check at a time, in the order the files changed.
        let queue = recheck();
        server.watcher.on('all', (_event, file) => {
          if (file.startsWith(path.join(root, 'src/content') + path.sep)) queue = queue.then(recheck, recheck);
        });
        server.middlewares.use((req, res, next) => {
          const mine = req.method === 'GET' || req.method === 'HEAD' ? problemsForPage(new URL(req.url ?? '/', 'http://localhost').pathname, problems) : [];
          if (mine.length === 0) return next();
          sendResponse(res, problemPage(mine)).catch(next);
        });
        // A page opened later gets the overlay too.
        server.ws.on('connection', () => {
          if (problems.length > 0) showOverlay(server, problems, root);
        });
        await queue;
      },
    },
  };
}
