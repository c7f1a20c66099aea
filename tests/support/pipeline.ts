/**
 * The form pipeline's real dependencies, wired for a test: the real submission store on a local
 * blobs server, the real Resend mailer pointed at the fake Resend behind the real paced sender
 * (on a clock of its own that sleeping moves, so pacing costs no time), a clock the test moves,
 * the real logger writing into an array, and a small catalog of the test's own.
 */
import type { Store } from '@netlify/blobs';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import type { Catalog } from '#server/catalog.ts';
import type { PipelineDeps } from '#server/app/appDeps.ts';
import { formHandlers } from '#server/app/formHandlers.ts';
import { createConsoleLogger } from '#server/log.ts';
import { createLoopStore, type LoopStore } from '#server/loop/loopStore.ts';
import { createResendMailer } from '#server/mail/mailer.ts';
import { createPacedSender, pacedMailer, type PacedSender } from '#server/mail/pacedSender.ts';
import type { SubmissionRecord } from '#server/submissions/records.ts';
import { openSubmissionStore } from '#server/lifecycle/clientStores.ts';
import { startFakeResend, type FakeResend, type FakeResendOptions, type ReceivedEmail } from '#local/fakeResend.ts';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startLocalBlobServer, type LocalBlobServer } from './localStore';

export const COACH_EMAIL = 'coach@example.com';
export const FROM_EMAIL = 'Unstuck <hello@example.com>';
export const SITE_URL = 'https://unstuck.example.com';

export const TEST_CATALOG: Catalog = {
  exercises: {
    'values-card-sort': {
      title: 'Values card sort',
      prompts: [
        { id: 'top-values', question: 'Which five values did you keep?', answer: 'short', required: true },
        { id: 'surprise', question: 'Which one surprised you, and why?', answer: 'long', required: false },
      ],
    },
  },
  inquiries: {
    'failing-slowly': { question: 'Where are you failing slowly rather than quickly?' },
  },
  posts: {
    'homework-that-gets-done': { title: 'Homework that gets done', pubDate: '2026-08-11T00:00:00.000Z', draft: false },
    'coming-later': { title: 'Coming later', pubDate: '2027-06-01T00:00:00.000Z', draft: false },
    'a-draft': { title: 'A draft', pubDate: '2026-08-01T00:00:00.000Z', draft: true },
  },
};

export interface TestClock {
  now(): Date;
  /** Moves the clock to an ISO time, or by some milliseconds from there. */
  set(iso: string, plusMs?: number): void;
}

export function createTestClock(start: string): TestClock {
  let current = Date.parse(start);
  return {
    now: () => new Date(current),
    set: (iso, plusMs = 0) => void (current = Date.parse(iso) + plusMs),
  };
}

/**
 * The paced sender as production builds it (2 a second, 2 s at most to wait), on a virtual clock:
 * a sleep moves the clock instead of waiting, so sends keep their order and spacing at no cost.
 */
export function virtualSender({ perSecond = 2, maxWaitMs = 2000 } = {}): PacedSender {
  let now = 0;
  return createPacedSender({ perSecond, maxWaitMs, now: () => now, sleep: async (ms) => void (now += ms) });
}

export interface DepsOptions {
  blobs: Store;
  resendUrl: string;
  clock: TestClock;
  catalog?: Catalog;
  /** How long the mailer waits for the email API before leaving the email to the retry job. */
  mailTimeoutMs?: number;
  /** How long a store operation may take before it counts as failed. */
  storeDeadlineMs?: number;
  /** The API key the mailer sends with. */
  apiKey?: string;
  sender?: PacedSender;
}

/** The pipeline's deps as the composition root builds them (handlers with their steps), and the loop's store the steps write to. */
export type TestDeps = PipelineDeps & { loop: LoopStore };

/** The pipeline's deps as production builds them, from local parts; `logs` collects every log line. */
export function makeDeps({ blobs, resendUrl, clock, catalog = TEST_CATALOG, mailTimeoutMs = 500, storeDeadlineMs, apiKey = 're_test', sender = virtualSender() }: DepsOptions) {
  const logs: string[] = [];
  // The SDK reads RESEND_BASE_URL once, when the client is made.
  const previousUrl = process.env.RESEND_BASE_URL;
  process.env.RESEND_BASE_URL = resendUrl;
  const mailer = pacedMailer(createResendMailer(apiKey, mailTimeoutMs), sender);
  if (previousUrl === undefined) delete process.env.RESEND_BASE_URL;
  else process.env.RESEND_BASE_URL = previousUrl;

  const store = openSubmissionStore(blobs, storeDeadlineMs ? { deadlineMs: storeDeadlineMs } : {});
  const loop = createLoopStore(blobs, storeDeadlineMs ? { deadlineMs: storeDeadlineMs } : {});
  const log = createConsoleLogger((line) => logs.push(line));
  const now = () => clock.now();
  const deps: TestDeps = {
    store,
    loop,
    mailer,
    clock: now,
    log,
    catalog,
    minFillMs: 3000,
    email: { catalog, ready: true, coachEmail: COACH_EMAIL, fromEmail: FROM_EMAIL, siteUrl: SITE_URL },
    handlers: formHandlers({ store, loop, clock: now, log }),
  };
  return { deps, logs };
}

/** Everything one test needs, fresh: its own store, its own fake Resend, its own clock. */
export interface Harness {
  deps: TestDeps;
  logs: string[];
  blobs: Store;
  resend: FakeResend;
  clock: TestClock;
  /** The stored record of a submission, read straight from the blob store. */
  record(kind: SubmissionKind, id: string): Promise<SubmissionRecord | null>;
  /** The emails the fake Resend sent for a submission, by the idempotency keys the pipeline uses. */
  emailsFor(kind: SubmissionKind, id: string): { coach: ReceivedEmail[]; client: ReceivedEmail[] };
  close(): Promise<void>;
}

export interface HarnessOptions {
  now?: string;
  mailTimeoutMs?: number;
  /** How strict the fake Resend is (keys, domains, rate limit). */
  resend?: FakeResendOptions;
  apiKey?: string;
}

export async function createHarness(server: LocalBlobServer, options: HarnessOptions = {}): Promise<Harness> {
  const blobs = server.freshStore();
  const resend = await startFakeResend(options.resend);
  const clock = createTestClock(options.now ?? '2026-11-25T12:00:00.000Z');
  const { deps, logs } = makeDeps({
    blobs,
    resendUrl: resend.url,
    clock,
    ...(options.mailTimeoutMs ? { mailTimeoutMs: options.mailTimeoutMs } : {}),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  });
  return {
    deps,
    logs,
    blobs,
    resend,
    clock,
    record: async (kind, id) => (await blobs.get(`${kind}/${id}`, { type: 'json' })) as SubmissionRecord | null,
    emailsFor: (kind, id) => ({
      coach: resend.sent.filter((email) => email.idempotencyKey === `${kind}/${id}/coach`),
      client: resend.sent.filter((email) => email.idempotencyKey === `${kind}/${id}/client`),
    }),
    close: () => resend.close(),
  };
}

/**
 * The set-up most pipeline test files share: one real blob server for the file and a fresh
 * harness (store, fake Resend, clock) for each test. The returned object always stands for the
 * current test's harness, so tests read `h.deps`, `h.record(…)` as if it were a plain variable.
 */
export function useHarness(options: HarnessOptions = {}): Harness {
  let server: LocalBlobServer;
  let current: Harness | undefined;
  beforeAll(async () => {
    server = await startLocalBlobServer();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    current = await createHarness(server, options);
  });
  afterEach(() => current?.close());
  return new Proxy({} as Harness, {
    get(_target, key) {
      if (!current) throw new Error('The harness exists only inside a test (beforeEach has not run).');
      return current[key as keyof Harness];
    },
  });
}
