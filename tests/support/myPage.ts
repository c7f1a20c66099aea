/**
 * A client's homework with its loop started, and requests to their own page (/my/) and the stop
 * link, the way a browser sends them, on top of the desk harness (tests/support/desk.ts).
 */
import { expect } from 'vitest';
import { deadlineOf } from '#server/submissions/forms/commitment.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { myPageLink, stopRemindersLink } from '#server/loop/loopLinks.ts';
import type { LoopState } from '#server/loop/loopStore.ts';
import { handleMy } from '#server/my/myPage.ts';
import { handleStopReminders } from '#server/my/stopReminders.ts';
import { newLinkId } from '#server/links/signedLinks.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { type SubmissionRecord } from '#server/submissions/records.ts';
import { SECRET, type DeskHarness } from './desk';
import { formPost, handlersOf, VALID, type Changes } from './forms';

export interface BrowserRequest {
  method?: 'GET' | 'HEAD' | 'POST';
  cookie?: string;
  /** Form fields, urlencoded as the page's forms send them. */
  form?: Record<string, string>;
  /** Sent as a browser on this site would, unless replaced. */
  headers?: Record<string, string>;
}

function browserRequest(url: string, { method = 'GET', cookie, form, headers = {} }: BrowserRequest): Request {
  return new Request(url, {
    method,
    headers: {
      ...(method === 'POST' ? { Origin: new URL(url).origin, 'Sec-Fetch-Site': 'same-origin' } : { 'Sec-Fetch-Site': 'none' }),
      ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      ...(cookie ? { Cookie: cookie } : {}),
      ...headers,
    },
    ...(form ? { body: new URLSearchParams(form) } : {}),
  });
}

export function clientPages(d: DeskHarness) {
  const keys = () => ({ secret: SECRET, siteUrl: d.deps.settings.ready ? d.deps.settings.value.siteUrl : '' });
  return {
    /** A request to /my/… (a path, or a whole link). */
    my: (path: string, options: BrowserRequest = {}) => handleMy(browserRequest(new URL(path, keys().siteUrl).href, options), d.deps),
    stop: (link: string, options: BrowserRequest = {}) => handleStopReminders(browserRequest(link, options), d.deps),
    /** The link of a homework email, for this client at this version. */
    myLink: (email: string, version = 1) => myPageLink(emailHash(email), version, keys(), d.h.clock.now()),
    stopLink: (email: string) => stopRemindersLink(emailHash(email), keys(), d.h.clock.now()),
    /** Homework through the real pipeline, and its loop started as the loop would start it. */
    async homework(changes: Changes = {}, loop: Partial<LoopState> = {}): Promise<{ record: SubmissionRecord; state: LoopState }> {
      const fields = VALID.commitment(changes);
      const response = await handleSubmission(formPost('commitment', fields), handlersOf(d.h.deps).commitment, d.h.deps);
      expect(response.status).toBe(201);
      const record = (await d.h.record('commitment', fields.id!))!;
      const deadline = deadlineOf({ when: fields.when!, timeZone: fields.timeZone! });
      const state: LoopState = {
        version: 1,
        commitmentId: record.id,
        clientHash: emailHash(fields.email!),
        deadline: deadline.toISOString(),
        timeZone: fields.timeZone!,
        channel: 'email',
        startedAt: d.h.clock.now().toISOString(),
        checkInLid: newLinkId(),
        plan: { 'check-in': deadline.toISOString() },
        sends: {},
        ...loop,
      };
      expect((await d.deps.loop.start(state)).ok).toBe(true);
      return { record, state };
    },
  };
}

/** The cookie a `Set-Cookie` answer sets, as a browser would send it back. */
export const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0]!;
