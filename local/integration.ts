/**
 * Runs the local Netlify emulation inside `astro dev` (npm start): the functions answer at
 * their config.path on the same origin as the site, reloading when their code changes.
 * (@netlify/vite-plugin corrupts multipart bodies and `netlify dev` needs the network; see
 * docs/decisions/003-local-netlify-emulation.md.)
 */
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { sendResponse, toRequest } from './nodeHttp.ts';
import { startLocalRuntime, type LocalRuntime, type LoadModule } from './runtime.ts';

export function localNetlify(): AstroIntegration {
  let root = process.cwd();
  let runtime: LocalRuntime | undefined;
  return {
    name: 'unstuck:local-netlify',
    hooks: {
      'astro:config:setup': ({ config }) => {
        root = path.resolve(new URL(config.root).pathname);
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
        server.httpServer?.once('close', () => void runtime?.close());
      },
    },
  };
}
