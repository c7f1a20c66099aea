/**
 * A fake of Resend's POST /emails on a real loopback HTTP server, for the real Resend SDK to
 * talk to (through RESEND_BASE_URL). It keeps every accepted message, honours idempotency keys
 * as Resend documents them (https://resend.com/docs/dashboard/emails/idempotency-keys), and can
 * be told to fail the next requests the ways Resend and networks fail.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The JSON body the SDK posts (snake_case, as on the wire). */
export interface ResendEmailBody {
  from: string;
  to: string[];
  reply_to?: string;
  subject: string;
  html: string;
  text: string;
  attachments?: { filename: string; content: string; content_type?: string }[];
}

export interface ReceivedEmail {
  /** The id the fake answered with. */
  id: string;
  idempotencyKey: string | undefined;
  headers: IncomingHttpHeaders;
  body: ResendEmailBody;
}

/**
 * How the next requests fail:
 * - server_error: 500 application_error, nothing sent;
 * - rate_limit: 429 rate_limit_exceeded, nothing sent;
 * - stall: no answer ever, nothing sent;
 * - lose_answer: the email is sent, but the answer never arrives (Resend did its job; the
 *   network or the caller's timeout lost the reply).
 */
export type Failure = 'server_error' | 'rate_limit' | 'stall' | 'lose_answer';

export interface FakeResend {
  url: string;
  /** Every email sent, once per idempotency key, in order. */
  sent: ReceivedEmail[];
  /** Every POST /emails that arrived, repeats and failures included, with the status answered (0: none). */
  requests: { idempotencyKey: string | undefined; status: number }[];
  /** Makes the next `count` requests (only those with this idempotency key, if given) fail as described. */
  failNext(count: number, failure: Failure, only?: { idempotencyKey: string }): void;
  /** Stops the server and ends stalled connections. */
  close(): Promise<void>;
}

const answer = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

const ERRORS = {
  server_error: { status: 500, body: { name: 'application_error', message: 'An unexpected error occurred.', statusCode: 500 } },
  rate_limit: { status: 429, body: { name: 'rate_limit_exceeded', message: 'Too many requests. You can only make 2 requests per second.', statusCode: 429 } },
} as const;

export interface FakeResendOptions {
  /** How long each answer takes, like a real API across the internet (the benchmark uses 300 ms). */
  latencyMs?: number;
}

export async function startFakeResend({ latencyMs = 0 }: FakeResendOptions = {}): Promise<FakeResend> {
  const sent: ReceivedEmail[] = [];
  const requests: FakeResend['requests'] = [];
  const byKey = new Map<string, { id: string; payload: string }>();
  const failures: { failure: Failure; idempotencyKey: string | undefined }[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void (latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, latencyMs)) : Promise.resolve()).then(() => {
      const header = req.headers['idempotency-key'];
      const idempotencyKey = Array.isArray(header) ? header[0] : header;
      const log = { idempotencyKey, status: 0 };
      requests.push(log);
      const reply = (status: number, body: unknown) => {
        log.status = status;
        answer(res, status, body);
      };

      if (req.method !== 'POST' || req.url !== '/emails') return reply(404, { name: 'not_found', message: 'Route not found.', statusCode: 404 });
      if (!req.headers.authorization?.startsWith('Bearer re_')) {
        return reply(401, { name: 'missing_api_key', message: 'Missing API key in the authorization header.', statusCode: 401 });
      }
      const planned = failures.findIndex((f) => f.idempotencyKey === undefined || f.idempotencyKey === idempotencyKey);
      const failure = planned >= 0 ? failures.splice(planned, 1)[0]!.failure : undefined;
      if (failure === 'server_error' || failure === 'rate_limit') return reply(ERRORS[failure].status, ERRORS[failure].body);
      if (failure === 'stall') return;

      const payload = Buffer.concat(chunks).toString('utf8');
      const previous = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
      if (previous && previous.payload !== payload) {
        return reply(409, {
          name: 'invalid_idempotent_request',
          message: 'Same idempotency key used with a different request payload. Change your idempotency key or payload.',
          statusCode: 409,
        });
      }
      const id = previous?.id ?? randomUUID();
      if (!previous) {
        sent.push({ id, idempotencyKey, headers: req.headers, body: JSON.parse(payload) as ResendEmailBody });
        if (idempotencyKey) byKey.set(idempotencyKey, { id, payload });
      }
      if (failure === 'lose_answer') return;
      reply(200, { id });
    }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });

  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    requests,
    failNext: (count, failure, only) => {
      for (let i = 0; i < count; i++) failures.push({ failure, idempotencyKey: only?.idempotencyKey });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
