/**
 * A proxy in front of a local service that can be told to fail: answer 503, hang, or cut the
 * connection. Used to prove that a failing blob store loses nothing and says so plainly
 * (tests, and `npm start` with UNSTUCK_FAULTS=1 through /dev/faults). Never deployed.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * - unavailable: 503 at once, nothing reaches the store;
 * - hang: never answers, nothing reaches the store;
 * - reset: cuts the connection, nothing reaches the store;
 * - lose_answer: the store does the work, but its answer never comes back (an outcome the
 *   caller cannot know: the write usually landed).
 */
export type FaultMode = 'none' | 'unavailable' | 'hang' | 'reset' | 'lose_answer';
export const FAULT_MODES: readonly FaultMode[] = ['none', 'unavailable', 'hang', 'reset', 'lose_answer'];

export interface FaultProxy {
  url: string;
  mode: FaultMode;
  /**
   * Lets `passing` more requests through untouched, then switches to `mode` for every request
   * after them: a store that fails at its Nth call (passing = N - 1).
   */
  failAfter(passing: number, mode: Exclude<FaultMode, 'none'>): void;
  /** Requests seen since the proxy started (or since the last failAfter). */
  requests: number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const sockets = new Set<Socket>();
  let armed: { passing: number; mode: Exclude<FaultMode, 'none'> } | undefined;
  const proxy: FaultProxy = {
    url: '',
    mode: 'none',
    requests: 0,
    failAfter(passing, mode) {
      proxy.requests = 0;
      armed = { passing, mode };
    },
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    proxy.requests += 1;
    if (armed && proxy.requests > armed.passing) {
      proxy.mode = armed.mode;
      armed = undefined;
    }
    if (proxy.mode === 'unavailable') {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('injected fault: unavailable');
      return;
    }
    if (proxy.mode === 'hang') return; // never answer; closed with the proxy
    if (proxy.mode === 'reset') {
      req.socket.destroy();
      return;
    }
    const upstream = httpRequest(
      { hostname: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (proxy.mode === 'lose_answer') {
          answer.resume(); // the store did the work; its answer goes nowhere
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
