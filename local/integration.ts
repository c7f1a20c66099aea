/**
 * Runs the local Netlify emulation inside `astro dev` (npm start): the functions answer at
 * their config.path on the same origin as the site, reloading when their code changes.
 * (@netlify/vite-plugin corrupts multipart bodies and `netlify dev` needs the network; see
 * docs/decisions/003-local-netlify-emulation.md.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { isMalformedPath, malformedPathResponse } from './malformedPath.ts';
import { sendResponse, toRequest } from './nodeHttp.ts';
import { startLocalRuntime, type LocalRuntime, type LoadModule } from './runtime.ts';

/**
 * Files Vite's dev server must never send, at a plain path or under /@fs/. Setting
 * server.fs.deny replaces Vite's own list, so that list (Vite 8's defaults) comes first; then
 * the local data folder, which holds the signing secret and every stored submission.
 */
export const DEV_SERVER_DENY = ['.env', '.env.*', '*.{crt,pem,key,p12,pfx,cer,der}', '.npmrc', '.yarnrc.yml', '**/.git/**', '**/.data/**'];

/**
 * Astro's dev server throws a URIError (answered with a 500 and a stack trace) on a path that
 * is not valid percent-encoding; this error handler answers it as the client's mistake instead.
 */
export function answerMalformedPath(error: unknown, req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
  if (error instanceof URIError && isMalformedPath(req.url ?? '/')) void sendResponse(res, malformedPathResponse());
  else next(error);
}

export function localNetlify(): AstroIntegration {
  let root = process.cwd();
  let runtime: LocalRuntime | undefined;
  return {
    name: 'unstuck:local-netlify',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        root = path.resolve(new URL(config.root).pathname);
        updateConfig({ vite: { server: { fs: { deny: DEV_SERVER_DENY } } } });
      },
      'astro:server:setup': async ({ server }) => {
        const port = Number(process.env.PORT ?? 4321);
        runtime = await startLocalRuntime({
          root,
          dataDir: path.join(root, '.data'),
          siteUrl: `http://localhost:${port}`,
          loadModule: ((file) => server.ssrLoadModule(file)) as LoadModule,
          schedule: true,
        });
        server.middlewares.use((req, res, next) => {
          const origin = `http://${req.headers.host ?? `localhost:${port}`}`;
          runtime!
            .handle(toRequest(req, origin))
            .then((response) => (response ? sendResponse(res, response) : next()))
            .catch(next);
        });
        server.middlewares.use(answerMalformedPath);
        server.httpServer?.once('close', () => void runtime?.close());
      },
    },
  };
}
