/**
 * Blog comments wired for a test, on the desk harness (real local blobs, fake Resend, test
 * clock): posting the form as a browser without JavaScript or a script would, the links from
 * the emails the fake Resend received, and a fake Netlify build hook on loopback.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommentDeps } from '#server/comments/commentDeps.ts';
import { commentDepsOfDesk } from '#server/desk/deskDeps.ts';
import { handleComments } from '#server/comments/handleComments.ts';
import type { CommentEntry } from '#server/comments/commentStore.ts';
import type { PublishedComment } from '#server/comments/published.ts';
import { useDesk, type DeskHarness } from './desk';
import type { HarnessOptions } from './pipeline';
import { SITE_URL } from './pipeline';
import type { ReceivedEmail } from '#local/fakeResend.ts';

export const POST = 'homework-that-gets-done';

export type CommentFields = Record<string, string>;

/** A valid comment as the form sends it, with a fresh address; a string replaces a field, undefined removes it. */
export function aComment(changes: Record<string, string | undefined> = {}): CommentFields {
  const fields: CommentFields = {
    post: POST,
    comment: 'This helped. Writing down *when* made the difference for me.',
    name: 'Grace Hopper',
    email: `grace-${randomUUID().slice(0, 8)}@example.org`,
    website: '',
    id: '',
    leave_this_blank: '',
    elapsedMs: '',
  };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete fields[name];
    else fields[name] = value;
  }
  return fields;
}

/** The form's POST: urlencoded from a page without JavaScript (answered with a page), or JSON from a script. */
export function commentPost(fields: CommentFields, { json = false, headers = {} }: { json?: boolean; headers?: Record<string, string> } = {}): Request {
  const url = new URL('/api/comments', SITE_URL);
  const browser = { Origin: SITE_URL, 'Sec-Fetch-Site': 'same-origin', ...headers };
  if (json) return new Request(url, { method: 'POST', headers: { ...browser, Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(fields) });
  return new Request(url, { method: 'POST', headers: { ...browser, Accept: 'text/html,application/xhtml+xml' }, body: new URLSearchParams(fields) });
}

export interface CommentsHarness extends DeskHarness {
  /** The comments function's deps, as the desk has them (the same stores). */
  cdeps(): CommentDeps;
  /** Answers a request as the comments function would, its background work done before it answers. */
  handle(req: Request): Promise<Response>;
  /** Posts a comment; returns the answer and, for a stored one, its id. */
  post(fields: CommentFields, options?: { json?: boolean }): Promise<Response>;
  entry(id: string): Promise<CommentEntry | null>;
  published(id: string, post?: string): Promise<PublishedComment | null>;
  /** The coach's moderation emails so far. */
  moderationEmails(): ReceivedEmail[];
  /** The Approve, Reject and Reply links in the moderation email about one comment. */
  linksFor(id: string): { approve: string; reject: string; reply: string };
  /** Opens an emailed link as a mail scanner or a browser would (GET), or presses its button (POST). */
  open(link: string, options?: { method?: 'GET' | 'HEAD' | 'POST'; form?: Record<string, string> }): Promise<Response>;
}

export function useComments(options: { harness?: HarnessOptions } = {}): CommentsHarness {
  const d = useDesk(options);
  const cdeps = () => commentDepsOfDesk(d.deps);
  const handle = (req: Request) => handleComments(req, cdeps());
  const moderationEmails = () => d.h.resend.sent.filter((m) => m.idempotencyKey?.endsWith('/moderation'));
  const extra: Omit<CommentsHarness, keyof DeskHarness> = {
    cdeps,
    handle,
    post: (fields, { json = false } = {}) => handle(commentPost(fields, { json })),
    entry: async (id) => (await d.commentBlobs.get(`received/${id}`, { type: 'json' })) as CommentEntry | null,
    published: async (id, post = POST) => (await d.commentBlobs.get(`published/${post}/${id}`, { type: 'json' })) as PublishedComment | null,
    moderationEmails,
    linksFor(id) {
      const email = moderationEmails().find((m) => m.idempotencyKey === `comment/${id}/moderation`);
      if (!email) throw new Error(`No moderation email about ${id}`);
      const link = (label: string) => new RegExp(`^${label}: (\\S+)$`, 'm').exec(email.body.text)![1]!;
      return { approve: link('Approve'), reject: link('Reject'), reply: link('Reply') };
    },
    open: (link, { method = 'GET', form } = {}) =>
      handle(
        new Request(link, {
          method,
          headers: method === 'POST' ? { Origin: SITE_URL, 'Sec-Fetch-Site': 'same-origin', ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) } : { 'Sec-Fetch-Site': 'none' },
          ...(form ? { body: new URLSearchParams(form) } : {}),
        }),
      ),
  };
  return new Proxy({} as CommentsHarness, {
    get(_target, key) {
      if (key in extra) return extra[key as keyof typeof extra];
      return d[key as keyof DeskHarness];
    },
  });
}

/** The id a stored comment was answered with (JSON answers only). */
export async function idOf(response: Response): Promise<string> {
  return ((await response.json()) as { id: string }).id;
}

/** A fake Netlify build hook on loopback: counts the POSTs it gets, answers with `status`. */
export interface FakeBuildHook {
  url: string;
  calls: { method: string; at: number }[];
  status: number;
  close(): Promise<void>;
}

export async function startFakeBuildHook(): Promise<FakeBuildHook> {
  const hook: FakeBuildHook = { url: '', calls: [], status: 200, close: async () => {} };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hook.calls.push({ method: req.method ?? '', at: Date.now() });
      res.writeHead(hook.status, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/build_hooks/test`;
  hook.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return hook;
}
