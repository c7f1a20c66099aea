/**
 * A proxy in front of a local service that can be told to fail: answer 503, hang, or cut the
 * connection. Used to prove that a failing blob store loses nothing and says so plainly
 * (tests, and `npm start` with UNSTUCK_FAULTS=1 through /dev/faults). Never deployed.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { Socket } from 'node:net';

export type FaultMode = 'none' | 'unavailable' | 'hang' | 'reset';
export const FAULT_MODES: readonly FaultMode[] = ['none', 'unavailable', 'hang', 'reset'];

export interface FaultProxy {
  url: string;
  mode: FaultMode;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = { url: '', mode: 'none', close: async () => {} };
  const server: Server = createServer((req, res) => {
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
