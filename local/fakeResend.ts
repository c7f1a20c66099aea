/**
 * A fake of Resend's POST /emails on a real loopback HTTP server, for the real Resend SDK to
 * talk to (through RESEND_BASE_URL). As strict as Resend where we depend on it
 * (https://resend.com/docs/api-reference/errors, …/rate-limit,
 * https://resend.com/docs/dashboard/emails/idempotency-keys):
 * - a missing key is 401 `missing_api_key`, an unknown one 401 `validation_error`;
 * - a `from` on a domain not verified is 403 `validation_error`; a missing field is 422
 *   `missing_required_field`, a malformed address 422 `validation_error`, an attachment without
 *   content 422 `invalid_attachment`;
 * - an idempotency key is kept 24 hours: the same payload answers the first email's id without
 *   sending again, another payload is 409 `invalid_idempotent_request`, and a repeat while the
 *   first is still running is 409 `concurrent_idempotent_requests`; a key over 256 characters is
 *   400 `invalid_idempotency_key`;
 * - with a rate limit, requests beyond it in any second are 429 `rate_limit_exceeded` with
 *   `retry-after` and the `ratelimit-*` headers.
 * It keeps every accepted message and every request, and can be told to fail the next requests
 * the ways Resend and networks fail.
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
  /** Extra headers (List-Unsubscribe…), as the SDK passes them. */
  headers?: Record<string, string>;
}

export interface ReceivedEmail {
  /** The id the fake answered with. */
  id: string;
  idempotencyKey: string | undefined;
  headers: IncomingHttpHeaders;
  body: ResendEmailBody;
}

export interface ReceivedRequest {
  idempotencyKey: string | undefined;
  /** The status answered (0: none). */
  status: number;
  /** The error name answered, if any. */
  error?: string;
  /** The raw body, byte for byte as it arrived. */
  payload: string;
  /** When it arrived, on the fake's clock (milliseconds). */
  arrivedAt: number;
}

/**
 * How the next requests fail:
 * - server_error: 500 application_error, nothing sent;
 * - rate_limit: 429 rate_limit_exceeded with retry-after, nothing sent;
 * - stall: no answer ever, nothing sent;
 * - lose_answer: the email is sent, but the answer never arrives (Resend did its job; the
 *   network or the caller's timeout lost the reply).
 */
export type Failure = 'server_error' | 'rate_limit' | 'stall' | 'lose_answer';

export interface FakeResendOptions {
  /** The API keys Resend knows; when not given, any key that starts with re_. */
  apiKeys?: string[];
  /** Domains verified for sending; when not given, every domain. */
  verifiedDomains?: string[];
  /** Requests allowed in any one second (Resend's default is 2); no limit when not given. */
  requestsPerSecond?: number;
  /** What retry-after says on a 429, in seconds (1 when not given). */
  retryAfterSeconds?: number;
  /** The clock for arrival times, rate windows and key expiry (milliseconds); Date.now when not given. */
  now?: () => number;
  /** How long each answer takes, like a real API across the internet (the benchmark uses 300 ms). */
  latencyMs?: number;
}

export interface FakeResend {
  url: string;
  /** Every email sent, once per idempotency key, in order. */
  sent: ReceivedEmail[];
  /** Every POST /emails that arrived, repeats and failures included. */
  requests: ReceivedRequest[];
  /** Makes the next `count` requests (only those with this idempotency key, if given) fail as described. */
  failNext(count: number, failure: Failure, only?: { idempotencyKey: string }): void;
  /** Records that an email already went out under a key with this payload (as an earlier deploy might have). */
  remember(idempotencyKey: string, payload: string): void;
  /** Stops the server and ends stalled connections. */
  close(): Promise<void>;
}

const KEY_LIFETIME_MS = 24 * 60 * 60_000;
const ADDRESS = /^[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+$/;
/** `Name <address>` or a bare address, as Resend documents for `from`. */
const addressOf = (value: string) => /<([^<>]+)>\s*$/.exec(value)?.[1] ?? value.trim();

const error = (status: number, name: string, message: string) => ({ status, body: { statusCode: status, name, message } });

type Answer = ReturnType<typeof error>;

/** What Resend says about a payload it will not send; undefined when it is fine. */
function checkPayload(payload: string, options: FakeResendOptions): Answer | undefined {
  let body: Partial<ResendEmailBody>;
  try {
    body = JSON.parse(payload) as Partial<ResendEmailBody>;
  } catch {
    return error(400, 'validation_error', 'The request body is not valid JSON.');
  }
  for (const field of ['from', 'to', 'subject'] as const) {
    if (!body[field] || (Array.isArray(body[field]) && body[field].length === 0)) return error(422, 'missing_required_field', `Missing \`${field}\` field.`);
  }
  if (!body.html && !body.text) return error(422, 'missing_required_field', 'Missing `html` or `text` field.');
  if (!ADDRESS.test(addressOf(body.from!))) {
    return error(422, 'validation_error', 'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.');
  }
  const to: string[] = ([] as string[]).concat(body.to!);
  if (to.some((address) => !ADDRESS.test(addressOf(address)))) return error(422, 'validation_error', 'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.');
  if (body.attachments?.some((a) => !a.content)) return error(422, 'invalid_attachment', 'Attachment must have either a `content` or `path`.');
  const domain = addressOf(body.from!).split('@')[1]!.toLowerCase();
  if (options.verifiedDomains && !options.verifiedDomains.includes(domain)) {
    return error(403, 'validation_error', `The ${domain} domain is not verified. Please, add and verify your domain on https://resend.com/domains`);
  }
  return undefined;
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const now = options.now ?? (() => Date.now());
  const limit = options.requestsPerSecond;
  const latency = () => (options.latencyMs ? new Promise((resolve) => setTimeout(resolve, options.latencyMs)) : Promise.resolve());
  const sent: ReceivedEmail[] = [];
  const requests: ReceivedRequest[] = [];
  const byKey = new Map<string, { id: string; payload: string; at: number }>();
  const inFlight = new Set<string>();
  const accepted: number[] = [];
  const failures: { failure: Failure; idempotencyKey: string | undefined }[] = [];
  const sockets = new Set<Socket>();

  const rateHeaders = (at: number) => {
    if (limit === undefined) return {};
    const recent = accepted.filter((t) => t > at - 1000);
    const reset = recent.length > 0 ? Math.max(1, Math.ceil((recent[0]! + 1000 - at) / 1000)) : 1;
    return { 'ratelimit-limit': String(limit), 'ratelimit-remaining': String(Math.max(0, limit - recent.length)), 'ratelimit-reset': String(reset) };
  };

  const server = createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void latency().then(() => {
      const at = now();
      const header = req.headers['idempotency-key'];
      const idempotencyKey = Array.isArray(header) ? header[0] : header;
      const payload = Buffer.concat(chunks).toString('utf8');
      const log: ReceivedRequest = { idempotencyKey, status: 0, payload, arrivedAt: at };
      requests.push(log);
      const reply = ({ status, body }: { status: number; body: unknown }, headers: Record<string, string> = {}) => {
        log.status = status;
        if (status >= 400) log.error = (body as { name: string }).name;
        res.writeHead(status, { 'Content-Type': 'application/json', ...rateHeaders(at), ...headers });
        res.end(JSON.stringify(body));
      };
      const retryAfter = { 'retry-after': String(options.retryAfterSeconds ?? 1) };
      const tooMany = () => reply(error(429, 'rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second. See rate limit response headers for more information. Or contact support to increase rate limit.'), retryAfter);

      if (req.method !== 'POST' || req.url !== '/emails') return reply(error(404, 'not_found', 'The requested endpoint does not exist.'));
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!auth) return reply(error(401, 'missing_api_key', 'Missing API key in the authorization header.'));
      if (options.apiKeys ? !options.apiKeys.includes(auth) : !auth.startsWith('re_')) return reply(error(401, 'validation_error', 'API key is invalid'));
      if (limit !== undefined && accepted.filter((t) => t > at - 1000).length >= limit) return tooMany();
      accepted.push(at);

      const planned = failures.findIndex((f) => f.idempotencyKey === undefined || f.idempotencyKey === idempotencyKey);
      const failure = planned >= 0 ? failures.splice(planned, 1)[0]!.failure : undefined;
      if (failure === 'server_error') return reply(error(500, 'application_error', 'An unexpected error occurred.'));
      if (failure === 'rate_limit') return tooMany();

      if (idempotencyKey !== undefined && (idempotencyKey.length < 1 || idempotencyKey.length > 256)) {
        return reply(error(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.'));
      }
      const invalid = checkPayload(payload, options);
      if (invalid) return reply(invalid);
      if (idempotencyKey && inFlight.has(idempotencyKey)) {
        return reply(error(409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.'));
      }
      if (failure === 'stall') {
        if (idempotencyKey) {
          inFlight.add(idempotencyKey);
          res.on('close', () => inFlight.delete(idempotencyKey));
        }
        return;
      }

      const kept = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
      const previous = kept && at - kept.at < KEY_LIFETIME_MS ? kept : undefined;
      if (previous && previous.payload !== payload) {
        return reply(error(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload. Change your idempotency key or payload.'));
      }
      const id = previous?.id ?? randomUUID();
      if (!previous) {
        sent.push({ id, idempotencyKey, headers: req.headers, body: JSON.parse(payload) as ResendEmailBody });
        if (idempotencyKey) byKey.set(idempotencyKey, { id, payload, at });
      }
      if (failure === 'lose_answer') return;
      reply({ status: 200, body: { id } });
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
    remember: (idempotencyKey, payload) => void byKey.set(idempotencyKey, { id: randomUUID(), payload, at: now() }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
