/**
 * The one composition root (netlify/server/app/appDeps.ts): each blob store is opened once, as
 * production opens it (strongly consistent), and every capability gets its slice over the same
 * stores; a missing setting is named where it is needed, never replaced by a quiet fallback.
 * getStore is replaced by a recorder here: no store is read or written.
 */
import type * as Blobs from '@netlify/blobs';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';

const opened = vi.hoisted(() => [] as { name: string; consistency?: string }[]);
vi.mock('@netlify/blobs', async (importOriginal) => ({
  ...(await importOriginal<typeof Blobs>()),
  getStore: ((options: { name: string; consistency?: string }) => {
    opened.push({ name: options.name, consistency: options.consistency });
    return { name: options.name };
  }) as unknown as typeof Blobs.getStore,
}));

const { APP_STORES, createAppDeps } = await import('#server/app/appDeps.ts');

const COMPLETE = {
  COACH_EMAIL: 'coach@example.com',
  FROM_EMAIL: 'Unstuck <hello@example.com>',
  SITE_URL: 'https://unstuck.example.com',
  RESEND_API_KEY: 're_live_1234',
  SIGNING_SECRET: 'a-signing-secret-of-at-least-32-characters',
};

let consoleLog: MockInstance<typeof console.log>;
const logged = () => consoleLog.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);

beforeEach(() => {
  opened.length = 0;
  consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => consoleLog.mockRestore());

describe('createAppDeps', () => {
  it('opens each store once, strongly consistent, however many slices are used', () => {
    const app = createAppDeps(COMPLETE);
    void [app.pipeline, app.checkIn, app.comments, app.desk, app.my, app.scheduler, app.scheduler];

    expect(opened.map((store) => store.name).sort()).toEqual([...APP_STORES].sort());
    expect(opened.every((store) => store.consistency === 'strong')).toBe(true);
  });

  it('hands every capability the same stores, mailer, clock and logger', () => {
    const app = createAppDeps(COMPLETE);

    for (const slice of [app.checkIn, app.desk, app.my, app.scheduler]) {
      expect(slice.store).toBe(app.pipeline.store);
      expect(slice.mailer).toBe(app.pipeline.mailer);
      expect(slice.log).toBe(app.pipeline.log);
    }
    expect(app.my.loop).toBe(app.desk.loop);
    expect(app.checkIn.loop).toBe(app.desk.loop);
    expect(app.comments.used).toBe(app.desk.usedLinks);
    expect(app.comments.comments).toBe(app.desk.comments);
    expect(app.comments.mailer).toBe(app.pipeline.mailer);
    expect(app.pipeline.inbox?.desk).toBe(app.desk.deskBlobs);
  });

  it('gives the forms their steps after storing: a commitment starts its loop, a check-in records its answer', () => {
    const { handlers, pipeline, desk, checkIn, scheduler } = createAppDeps(COMPLETE);

    expect(handlers.commitment.afterStore).toBeTypeOf('function');
    expect(handlers['check-in'].afterStore).toBeTypeOf('function');
    for (const kind of ['intake', 'response', 'reflection', 'stuck'] as const) expect(handlers[kind].afterStore, kind).toBeUndefined();
    for (const slice of [pipeline, desk, checkIn, scheduler]) expect(slice.handlers).toBe(handlers);
  });

  it('names a missing COACH_EMAIL where emails are sent, and keeps them waiting rather than falling back', () => {
    const { COACH_EMAIL: _coach, ...rest } = COMPLETE;
    const app = createAppDeps(rest);

    expect(app.pipeline.email).toMatchObject({ ready: false, siteUrl: COMPLETE.SITE_URL, problems: [expect.objectContaining({ variable: 'COACH_EMAIL' })] });
    expect(app.comments.email.ready).toBe(false);
    expect(app.desk.settings).toEqual({ ready: false, problems: [expect.objectContaining({ variable: 'COACH_EMAIL' })] });
    expect(app.my.settings).toEqual(app.desk.settings);
  });

  it('names a missing SIGNING_SECRET wherever a link is signed', () => {
    const { SIGNING_SECRET: _secret, ...rest } = COMPLETE;
    const app = createAppDeps(rest);

    expect(app.checkIn.signing).toEqual({ ready: false, problems: [expect.objectContaining({ variable: 'SIGNING_SECRET', message: expect.stringContaining('SIGNING_SECRET is not set') })] });
    expect(app.desk.settings).toEqual({ ready: false, problems: [expect.objectContaining({ variable: 'SIGNING_SECRET' })] });
    expect(app.comments.secret).toBeUndefined();
    expect(app.pipeline.email.ready).toBe(true);
  });

  it('logs a setting that is set but wrong by name, and a wrong BUILD_HOOK_URL only where the scheduler runs', () => {
    const app = createAppDeps({ ...COMPLETE, BUILD_HOOK_URL: 'not a url' });
    expect(logged().filter((line) => line.event === 'env.invalid')).toEqual([]);

    void app.scheduler;
    void app.scheduler;

    expect(logged().filter((line) => line.event === 'env.invalid')).toEqual([expect.objectContaining({ level: 'error', variable: 'BUILD_HOOK_URL' })]);
    expect(app.scheduler.buildHook).toBeUndefined();
  });
});
