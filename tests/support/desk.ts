/**
 * The coach's desk wired for a test: the pipeline harness (real local blob store, fake Resend,
 * test clock) plus the desk's own store and the used-links store on the same local server,
 * and helpers that make requests the way a browser on the desk would.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createCommentStore } from '#server/comments/commentStore.ts';
import type { DeskDeps } from '#server/desk/deskDeps.ts';
import { createDeskStore } from '#server/desk/deskStore.ts';
import { handleDesk } from '#server/desk/router.ts';
import { cookieName, SESSION_COOKIE } from '#server/desk/session.ts';
import { createUsedLinks } from '#server/links/usedLinks.ts';
import { createLoopStore } from '#server/loop/loopStore.ts';
import { startLocalBlobServer, type LocalBlobServer } from './localStore';
import type { Store } from '@netlify/blobs';
import { COACH_EMAIL, createHarness, FROM_EMAIL, SITE_URL, type Harness, type HarnessOptions } from './pipeline';

export const SECRET = 'a-test-signing-secret-of-at-least-32-characters';

export interface DeskRequest {
  method?: string;
  /** Form fields, sent urlencoded as the desk's forms send them. */
  form?: Record<string, string>;
  cookie?: string;
  headers?: Record<string, string>;
}

export interface DeskHarness {
  h: Harness;
  deps: DeskDeps;
  /** The used-links store, as the desk writes it (the desk's own is `deps.deskBlobs`). */
  linkBlobs: Store;
  /** The comments store, as the desk and the comments function write it. */
  commentBlobs: Store;
  /** Background work the desk handed to waitUntil, to await in a test. */
  background: Promise<unknown>[];
  request(path: string, options?: DeskRequest): Promise<Response>;
  /** The sign-in links emailed to the coach so far. */
  signInLinks(): string[];
  /** Asks for a sign-in link as the sign-in form does, and waits for the work after the answer (the email). */
  askForLink(email: string, options?: DeskRequest): Promise<Response>;
  /** Signs in through the emailed link, as the coach would; returns the session cookie. */
  signIn(): Promise<string>;
}

/** The first cookie an answer sets (the session, on signing in), as a browser would send it back. */
export function cookieFrom(response: Response): string {
  return response.headers.getSetCookie()[0]?.split(';')[0] ?? '';
}

/** Every cookie an answer sets, as a browser would send them back. */
export const cookiesFrom = (response: Response): string => response.headers.getSetCookie().map((set) => set.split(';')[0]).join('; ');

export function useDesk(options: { siteUrl?: string; harness?: HarnessOptions } = {}): DeskHarness {
  let server: LocalBlobServer;
  let current: DeskHarness | undefined;
  beforeAll(async () => {
    server = await startLocalBlobServer();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    const h = await createHarness(server, options.harness);
    const siteUrl = options.siteUrl ?? SITE_URL;
    const deskBlobs = server.freshStore();
    const linkBlobs = server.freshStore();
    const commentBlobs = server.freshStore();
    const deps: DeskDeps = {
      ...h.deps,
      email: { ...h.deps.email, siteUrl },
      inbox: { desk: deskBlobs, timeZone: 'America/Chicago' },
      desk: createDeskStore(deskBlobs),
      deskBlobs,
      usedLinks: createUsedLinks(linkBlobs),
      loop: createLoopStore(h.blobs),
      comments: createCommentStore(commentBlobs),
      handlers: h.deps.handlers,
      settings: { ready: true, value: { secret: SECRET, siteUrl, coachEmail: COACH_EMAIL, fromEmail: FROM_EMAIL, timeZone: 'America/Chicago' } },
    };
    // Submissions made in a desk test keep the same inbox the desk reads.
    Object.assign(h.deps, { inbox: deps.inbox });
    const background: Promise<unknown>[] = [];
    const request = (path: string, { method = 'GET', form, cookie, headers = {} }: DeskRequest = {}) =>
      handleDesk(
        new Request(new URL(path, siteUrl), {
          method,
          headers: {
            ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
            // As a browser on the desk: every request says it comes from the desk itself.
            'Sec-Fetch-Site': 'same-origin',
            ...(method === 'POST' ? { Origin: new URL(siteUrl).origin } : {}),
            ...(cookie ? { Cookie: cookie } : {}),
            ...headers,
          },
          ...(form ? { body: new URLSearchParams(form) } : {}),
        }),
        deps,
        (work) => void background.push(work),
      );
    const askForLink = async (email: string, more: DeskRequest = {}) => {
      const answer = await request('/api/coach/sign-in', { method: 'POST', form: { email }, ...more });
      await Promise.all(background);
      return answer;
    };
    const signInLinks = () =>
      h.resend.sent.filter((m) => m.idempotencyKey?.startsWith('coach-sign-in/')).map((m) => /(https?:\/\/\S+\/coach\/sign-in\/confirm\?\S+)/.exec(m.body.text)![1]!);
    current = {
      h,
      deps,
      linkBlobs,
      commentBlobs,
      background,
      request,
      signInLinks,
      askForLink,
      async signIn() {
        await askForLink(COACH_EMAIL);
        const link = signInLinks().at(-1)!;
        const signedIn = await request(link, { method: 'POST' });
        const cookie = cookieFrom(signedIn);
        if (!cookie.startsWith(`${cookieName(SESSION_COOKIE, siteUrl)}=`)) throw new Error(`Signing in failed: ${signedIn.status}`);
        return cookie;
      },
    };
  });
  afterEach(() => current?.h.close());
  return new Proxy({} as DeskHarness, {
    get(_target, key) {
      if (!current) throw new Error('The desk harness exists only inside a test.');
      return current[key as keyof DeskHarness];
    },
  });
}
