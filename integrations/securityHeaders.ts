/**
 * Writes dist/_headers, which Netlify applies to every static file, from the same list the
 * functions and local servers use (netlify/server/web/securityHeaders.ts). In `astro dev` the
 * same headers are sent, except the Content-Security-Policy: Vite's dev client injects inline
 * styles and scripts for hot reload. `npm run preview` serves the built site with all of them.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { netlifyHeadersFile, SECURITY_HEADERS } from '#server/web/securityHeaders.ts';

export function securityHeadersIntegration(): AstroIntegration {
  return {
    name: 'unstuck:security-headers',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        await writeFile(fileURLToPath(new URL('_headers', dir)), netlifyHeadersFile());
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((_req, res, next) => {
          for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
            if (name !== 'Content-Security-Policy' && !res.hasHeader(name)) res.setHeader(name, value);
          }
          next();
        });
      },
    },
  };
}
