import { describe, expect, it } from 'vitest';
import type { Mailer, SendError } from '#server/mail/mailer.ts';
import { createPacedSender, pacedMailer } from '#server/mail/pacedSender.ts';
import { fail, ok } from '#server/result.ts';
import { createFakeTime } from '../support/fakeTime';

function setUp({ perSecond = 2, maxWaitMs = 60_000 } = {}) {
  const time = createFakeTime();
  const sender = createPacedSender({ perSecond, maxWaitMs, now: time.now, sleep: time.sleep });
  const started: number[] = [];
  const work = async () => {
    started.push(time.now());
    return time.now();
  };
  return { time, sender, started, work };
}

const MESSAGE = { from: 'a@example.com', to: ['b@example.com'], subject: 's', html: '<p>h</p>', text: 't' };

describe('the paced sender', () => {
  it('spaces concurrent sends half a second apart at two a second', async () => {
    const { time, sender, started, work } = setUp();

    const turns = Promise.all(Array.from({ length: 5 }, () => sender.run(work)));
    await time.runAll();

    expect(await turns).toEqual([0, 500, 1000, 1500, 2000].map((at) => ({ ran: true, value: at })));
    expect(started).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it('follows a higher rate when Resend allows one', async () => {
    const { time, sender, started, work } = setUp({ perSecond: 4 });

    const turns = Promise.all(Array.from({ length: 3 }, () => sender.run(work)));
    await time.runAll();
    await turns;

    expect(started).toEqual([0, 250, 500]);
  });

  it('leaves a send whose turn is further away than a caller may wait, without running it', async () => {
    const { time, sender, started, work } = setUp({ maxWaitMs: 1000 });

    const turns = Promise.all(Array.from({ length: 4 }, () => sender.run(work)));
    await time.runAll();

    expect((await turns).map((turn) => turn.ran)).toEqual([true, true, true, false]);
    expect(started).toEqual([0, 500, 1000]);
  });

  it('holds every send back for as long as it is paused', async () => {
    const { time, sender, started, work } = setUp();

    sender.pauseFor(3000);
    const turns = Promise.all([sender.run(work), sender.run(work)]);
    await time.runAll();
    await turns;

    expect(started).toEqual([3000, 3500]);
  });

  it('moves sends that were already waiting when a pause came', async () => {
    const { time, sender, started, work } = setUp();
    const first = sender.run(work);
    await time.runAll();
    await first;
    const waiting = Promise.all([sender.run(work), sender.run(work)]); // due at 500 and 1000

    sender.pauseFor(2000);
    await time.runAll();
    await waiting;

    expect(started).toEqual([0, 2000, 2500]);
  });
});

describe('a paced mailer', () => {
  /** A mailer that answers each send with the next result from a list, recording when it was called. */
  function scripted(results: ReturnType<Mailer['send']> extends Promise<infer R> ? R[] : never, now: () => number) {
    const calls: number[] = [];
    const mailer: Mailer = { send: async () => (calls.push(now()), results.shift() ?? ok({ id: 'x' })) };
    return { mailer, calls };
  }

  it('pauses every later send for as long as a rate-limited answer asks', async () => {
    const { time, sender } = setUp();
    const limited: SendError = { kind: 'transient', name: 'rate_limit_exceeded', status: 429, retryAfterMs: 5000 };
    const { mailer, calls } = scripted([fail(limited)], time.now);
    const paced = pacedMailer(mailer, sender);

    const first = paced.send(MESSAGE, { idempotencyKey: 'a' });
    await time.runAll();
    expect(await first).toEqual(fail(limited));
    const later = Promise.all([paced.send(MESSAGE, { idempotencyKey: 'b' }), paced.send(MESSAGE, { idempotencyKey: 'c' })]);
    await time.runAll();
    await later;

    expect(calls).toEqual([0, 5000, 5500]);
  });

  it('answers deferred, and never calls Resend, when the wait would be too long', async () => {
    const time = createFakeTime();
    const sender = createPacedSender({ perSecond: 2, maxWaitMs: 2000, now: time.now, sleep: time.sleep });
    const { mailer, calls } = scripted([], time.now);
    sender.pauseFor(60_000);

    const sent = pacedMailer(mailer, sender).send(MESSAGE, { idempotencyKey: 'a' });
    await time.runAll();

    expect(await sent).toEqual(fail({ kind: 'deferred', name: 'deferred' }));
    expect(calls).toEqual([]);
  });
});
