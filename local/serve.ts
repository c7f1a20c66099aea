/**
 * `npm run preview`: serves the production build in dist/ and the functions on one origin,
 * the way Netlify serves them, for a last look and for the browser tests.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createGzip } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { headersForPath, SECURITY_HEADERS } from '#server/web/securityHeaders.ts';
import { isMalformedPath, malformedPathResponse } from './malformedPath.ts';
import { sendResponse, toRequest } from './nodeHttp.ts';
import { startLocalRuntime, type LocalRuntime } from './runtime.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

async function findFile(dist: string, pathname: string): Promise<string | null> {
  const decoded = decodeURIComponent(pathname);
  const base = path.resolve(dist);
  const candidate = path.resolve(path.join(base, decoded));
  // dist itself or below it: a bare prefix test would also pass dist-private/ beside it.
  if (candidate !== base && !candidate.startsWith(`${base}${path.sep}`)) return null;
  for (const file of [candidate, path.join(candidate, 'index.html'), `${candidate}.html`]) {
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) return file;
  }
  return null;
}

export interface PreviewServer {
  url: string;
  runtime: LocalRuntime;
  close(): Promise<void>;
}

export interface PreviewOptions {
  root: string;
  /** The built site to serve; dist/ under root by default. */
  dist?: string;
  /** 0 picks a free port. */
  port: number;
  dataDir?: string;
  schedule?: boolean;
  loadDotEnv?: boolean;
  faults?: boolean;
  log?: (line: string) => void;
}

export async function startPreviewServer(options: PreviewOptions): Promise<PreviewServer> {
  const dist = options.dist ?? path.join(options.root, 'dist');
  let server: Server | undefined;
  const listening = new Promise<number>((resolve, reject) => {
    server = createServer();
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve((server!.address() as { port: number }).port));
  });
  const port = await listening;
  const url = `http://localhost:${port}`;
  const runtime = await startLocalRuntime({
    root: options.root,
    dataDir: options.dataDir ?? path.join(options.root, '.data'),
    siteUrl: url,
    schedule: options.schedule ?? true,
    loadDotEnv: options.loadDotEnv ?? true,
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
    ...(options.log ? { log: options.log } : {}),
  });

  server!.on('request', (req, res) => {
    void (async () => {
      if (isMalformedPath(req.url ?? '/')) return sendResponse(res, malformedPathResponse());
      const request = toRequest(req, url);
      const answer = await runtime.handle(request);
      if (answer) return sendResponse(res, answer);
      const { pathname } = new URL(request.url);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendResponse(res, new Response('Method not allowed', { status: 405, headers: { ...SECURITY_HEADERS, Allow: 'GET, HEAD' } }));
      }
      if (!pathname.endsWith('/') && !path.extname(pathname) && (await findFile(dist, `${pathname}/index.html`))) {
        return sendResponse(res, new Response(null, { status: 301, headers: { ...SECURITY_HEADERS, Location: `${pathname}/${new URL(request.url).search}` } }));
      }
      const file = await findFile(dist, pathname);
      const served = file ?? path.join(dist, '404.html');
      const type = TYPES[path.extname(served)] ?? 'application/octet-stream';
      // Compress text the way Netlify's CDN does, so local measurements match production.
      const gzip = /^(text\/|application\/(json|xml)|image\/svg)/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      // The headers of dist/_headers for this path, as Netlify applies them (the not-found page included).
      res.writeHead(file ? 200 : 404, {
        ...headersForPath(pathname),
        'Content-Type': type,
        'Cache-Control': served.includes(`${path.sep}_astro${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        Vary: 'Accept-Encoding',
        ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      });
      if (req.method === 'HEAD') return void res.end();
      const stream = createReadStream(served);
      (gzip ? stream.pipe(createGzip()) : stream).pipe(res);
    })().catch((error: unknown) => {
      console.error('[unstuck] preview error', error instanceof Error ? error.name : typeof error);
      // A plain sentence, never the error itself: its stack carries this machine's paths.
      if (res.headersSent) return void res.end();
      res.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Something went wrong on the local server.\n');
    });
  });

  return {
    url,
    runtime,
    close: async () => {
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      await runtime.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const preview = await startPreviewServer({ root, port: Number(process.env.PORT ?? 4321) });
  console.log(`[unstuck] Serving dist/ and the functions at ${preview.url}`);
}
