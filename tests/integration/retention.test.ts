/**
 * Retention on a real local blob store: a client's data stays until the retention period after
 * their latest submission, and the daily run works under a time budget, resuming where it stopped.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '@netlify/blobs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeskStore } from '#server/desk/deskStore.ts';
import { createUsedLinks } from '#server/links/usedLinks.ts';
import { retentionCutoff, runRetention, RUN_BUDGET_MS, type RetentionDeps } from '#server/lifecycle/retention.ts';
import { emailHash, type SubmissionStore } from '#server/submissions/submissionStore.ts';
import { openSubmissionStore } from '#server/lifecycle/clientStores.ts';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import { buildSite } from '../support/buildSite';
import { listKeys, startLocalBlobServer, type LocalBlobServer } from '../support/localStore';

const NOW = new Date('2026-11-25T12:00:00Z');
const CUTOFF = retentionCutoff(NOW);
const monthsAgo = (months: number) => {
  const at = new Date(NOW);
  at.setUTCMonth(at.getUTCMonth() - months);
  return at.toISOString();
};

let server: LocalBlobServer;
let blobs: Store;
let submissions: SubmissionStore;
let progress: Store;

beforeEach(async () => {
  server = await startLocalBlobServer();
  blobs = server.freshStore();
  submissions = openSubmissionStore(blobs);
  progress = server.freshStore();
});
afterEach(() => server.close());

/** Stores one submission as the functions do (pointer, upload, marker, record), sent at `createdAt`. */
async function submitted(email: string, createdAt: string, kind: SubmissionKind = 'reflection'): Promise<string> {
  const id = randomUUID();
  const bytes = new TextEncoder().encode('notes');
  const created = await submissions.create(
    {
      id,
      kind,
      createdAt,
      data: { name: 'A client', email },
      notifications: { coach: { status: 'sent', attempts: 1 }, client: { status: 'sent', attempts: 1 } },
      contentHash: randomUUID(),
    },
    email,
    [{ key: `uploads/${id}/notes-1`, field: 'notes', fileName: 'notes.txt', contentType: 'text/plain', bytes }],
  );
  expect(created).toEqual({ ok: true, value: 'created' });
  return id;
}

/** The dependencies of a run, with a clock that moves on `tick` ms each time it is read. */
function deps(tick = 0): RetentionDeps {
  let now = NOW.getTime();
  return {
    submissions,
    usedLinks: createUsedLinks(server.freshStore()),
    ...(() => {
      const deskBlobs = server.freshStore();
      return { desk: createDeskStore(deskBlobs), deskBlobs };
    })(),
    clock: () => {
      const at = new Date(now);
      now += tick;
      return at;
    },
    log: { info: () => {}, warn: () => {}, error: () => {} },
  };
}

const keysOf = async (id: string) => (await listKeys(blobs)).filter((key) => key.includes(id));

describe('retention', () => {
  it('keeps every submission of a client while any of them is newer than the retention period', async () => {
    const ada = `ada-${randomUUID()}@example.com`;
    const first = await submitted(ada, monthsAgo(30), 'intake');
    const latest = await submitted(ada, monthsAgo(20));

    const run = await runRetention(deps());

    expect(run).toMatchObject({ done: true, failed: false });
    expect(await keysOf(first)).toEqual(expect.arrayContaining([`intake/${first}`, `uploads/${first}/notes-1`]));
    expect(await keysOf(latest)).toContain(`reflection/${latest}`);
  });

  it('removes all of a client’s data once their latest submission is past it, and nobody else’s', async () => {
    const grace = `grace-${randomUUID()}@example.com`;
    const first = await submitted(grace, monthsAgo(30), 'intake');
    const latest = await submitted(grace, new Date(CUTOFF.getTime() - 60_000).toISOString());
    const other = await submitted(`other-${randomUUID()}@example.com`, new Date(CUTOFF.getTime() + 60_000).toISOString());

    const run = await runRetention(deps());

    expect(run.removed).toEqual(expect.arrayContaining([`intake/${first}`, `reflection/${latest}`, `uploads/${first}/notes-1`]));
    expect([...(await keysOf(first)), ...(await keysOf(latest))]).toEqual([]);
    expect((await listKeys(blobs)).filter((key) => key.startsWith(`clients/${emailHash(grace)}/`))).toEqual([]);
    expect(await keysOf(other)).toContain(`reflection/${other}`);
  });

  it('stops starting new clients when the daily run’s time is up, and the next run goes on from there', async () => {
    // Four clients in the order retention takes them: the first keeps its data, the others do not.
    const emails = Array.from({ length: 4 }, (_, i) => `client-${i}-${randomUUID()}@example.com`).sort((a, b) => emailHash(a).localeCompare(emailHash(b)));
    const kept = await submitted(emails[0]!, monthsAgo(1));
    const old = [];
    for (const email of emails.slice(1)) old.push(await submitted(email, monthsAgo(30)));
    // Each look at the clock moves it on 8 s: a 20 s budget starts two clients.
    const tick = 8_000;

    const first = await runRetention(deps(tick), { budgetMs: RUN_BUDGET_MS, progress });
    const second = await runRetention(deps(tick), { budgetMs: RUN_BUDGET_MS, progress });
    const third = await runRetention(deps(tick), { budgetMs: RUN_BUDGET_MS, progress });

    expect(first).toMatchObject({ done: false, failed: false });
    expect(first.removed).toContain(`reflection/${old[0]}`);
    expect(first.removed.join()).not.toMatch(new RegExp(`${old[1]}|${old[2]}`));
    // Picked up after the second client, not from the start (which would only reach the third).
    expect(second.removed).toEqual(expect.arrayContaining([`reflection/${old[1]}`, `reflection/${old[2]}`]));
    expect(third).toMatchObject({ done: true, failed: false });
    const removed = [...first.removed, ...second.removed, ...third.removed];
    expect(new Set(removed).size).toBe(removed.length);
    expect(await keysOf(kept)).toContain(`reflection/${kept}`);
    expect(await listKeys(progress)).toEqual([]);
  });

  it('runs all of it at once on demand, without a time budget or a cursor', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await submitted(`many-${i}-${randomUUID()}@example.com`, monthsAgo(30)));

    const run = await runRetention(deps(60_000));

    expect(run).toMatchObject({ done: true, failed: false });
    for (const id of ids) expect(run.removed).toContain(`reflection/${id}`);
    expect(await listKeys(progress)).toEqual([]);
  });

  it('is one of the scheduler’s daily tasks, at night in the coach’s time zone', async () => {
    const { SCHEDULED_TASKS } = await import('#server/scheduler/tasks.ts');
    const task = SCHEDULED_TASKS.find((t) => t.name === 'retention')!;

    // 03:00 in Chicago is 09:00 UTC in winter: due once that moment has passed since the last run.
    expect(task.due!(new Date('2026-12-02T08:59:00Z'), new Date('2026-12-01T09:30:00Z'))).toBe(false);
    expect(task.due!(new Date('2026-12-02T09:01:00Z'), new Date('2026-12-01T09:30:00Z'))).toBe(true);
  });
});

describe('the privacy page', () => {
  it('says how long data is kept exactly as retention does it: from the latest submission, not from sessions the site knows nothing of', async () => {
    const html = (await (await buildSite()).read('privacy/index.html')).replace(/\s+/g, ' ');

    expect(html).toContain('I keep it until 24 months after the last thing you send me through this site, then it is deleted.');
    expect(html).toContain('Everything you send through these forms is kept until 24 months after your latest submission');
    expect(html).toContain('a job checks every day');
    expect(html).not.toMatch(/last session/i);
  }, 180_000);
});
