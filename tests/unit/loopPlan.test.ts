/**
 * When the homework loop reminds, checks in and follows up, on the client's clock: the morning
 * before, a few hours before when that has passed, never at night, and the same wall-clock times
 * across daylight-saving changes in both hemispheres.
 */
import { describe, expect, it } from 'vitest';
import { planLoop } from '#server/loop/plan.ts';

const CHICAGO = 'America/Chicago';
const BERLIN = 'Europe/Berlin';
const SYDNEY = 'Australia/Sydney';

const plan = (deadline: string, now: string, timeZone = CHICAGO) => planLoop({ deadline: new Date(deadline), timeZone, now: new Date(now) });

describe('the reminder', () => {
  it('comes at 09:00 on the day before the deadline’s day, the client’s time', () => {
    // Friday 4 December, 18:00 in Chicago (UTC-6); committed on Tuesday afternoon.
    expect(plan('2026-12-05T00:00:00Z', '2026-12-01T21:00:00Z').reminder).toBe('2026-12-03T15:00:00.000Z');
  });

  it('comes three hours before when the morning before has passed', () => {
    // Committed at 08:00, due 18:00 the same day.
    expect(plan('2026-12-02T00:00:00Z', '2026-12-01T14:00:00Z').reminder).toBe('2026-12-01T21:00:00.000Z');
  });

  it('comes half-way to a deadline less than six hours away, so never just after the commitment', () => {
    // Committed at 14:00, due 16:00.
    expect(plan('2026-12-01T22:00:00Z', '2026-12-01T20:00:00Z').reminder).toBe('2026-12-01T21:00:00.000Z');
  });

  it('is not planned for a deadline less than an hour away', () => {
    expect(plan('2026-12-01T20:59:00Z', '2026-12-01T20:00:00Z').reminder).toBeUndefined();
  });

  it('never falls in the quiet hours: three hours before a 10:00 deadline moves to 20:00 the evening before', () => {
    // Committed Tuesday 14:00, due Wednesday 10:00: 07:00 Wednesday is too early, so Tuesday 20:00.
    expect(plan('2026-12-02T16:00:00Z', '2026-12-01T20:00:00Z').reminder).toBe('2026-12-02T02:00:00.000Z');
  });

  it('is dropped when the evening it would move to has passed', () => {
    // Committed Tuesday 20:45, due Wednesday 10:00.
    expect(plan('2026-12-02T16:00:00Z', '2026-12-02T02:45:00Z').reminder).toBeUndefined();
  });

  it('moves out of a late evening to 20:00 the same evening', () => {
    // Committed Tuesday 15:00, due Wednesday 00:30: three hours before is 21:30 Tuesday.
    expect(plan('2026-12-02T06:30:00Z', '2026-12-01T21:00:00Z').reminder).toBe('2026-12-02T02:00:00.000Z');
  });
});

describe('the check-in and the follow-up', () => {
  it('check in at the deadline and follow up two days later at the same time', () => {
    const { 'check-in': checkIn, 'follow-up': followUp } = plan('2026-12-05T00:00:00Z', '2026-12-01T21:00:00Z');

    expect(checkIn).toBe('2026-12-05T00:00:00.000Z');
    expect(followUp).toBe('2026-12-07T00:00:00.000Z');
  });

  it('check in at 08:00 the next morning for a deadline in the quiet hours, and follow up at 08:00 two days after', () => {
    // Due Friday 23:00 in Chicago.
    const late = plan('2026-12-05T05:00:00Z', '2026-12-01T21:00:00Z');
    // Due Saturday 06:00.
    const early = plan('2026-12-05T12:00:00Z', '2026-12-01T21:00:00Z');

    expect(late['check-in']).toBe('2026-12-05T14:00:00.000Z');
    expect(late['follow-up']).toBe('2026-12-07T14:00:00.000Z');
    expect(early['check-in']).toBe('2026-12-05T14:00:00.000Z');
  });

  it('check in at once for a deadline already past when the loop starts (a post released from spam)', () => {
    const { reminder, 'check-in': checkIn } = plan('2026-11-30T18:00:00Z', '2026-12-01T16:00:00Z');

    expect(reminder).toBeUndefined();
    expect(checkIn).toBe('2026-12-01T16:00:00.000Z');
  });
});

describe('across daylight-saving changes', () => {
  it('keeps 09:00 the day the clocks go forward in Chicago, and follows up at 18:00 two days on (47 hours)', () => {
    // Clocks go forward at 02:00 on Sunday 14 March 2027 (UTC-6 to UTC-5).
    expect(plan('2027-03-15T23:00:00Z', '2027-03-10T15:00:00Z', CHICAGO).reminder).toBe('2027-03-14T14:00:00.000Z');
    // Checked in Friday 12 March 18:00 CST; followed up Sunday 14 March 18:00 CDT.
    expect(plan('2027-03-13T00:00:00Z', '2027-03-10T15:00:00Z', CHICAGO)['follow-up']).toBe('2027-03-14T23:00:00.000Z');
  });

  it('keeps 09:00 the day the clocks go back in Chicago, and follows up at 18:00 two days on (49 hours)', () => {
    // Clocks go back at 02:00 on Sunday 1 November 2026 (UTC-5 to UTC-6).
    expect(plan('2026-11-02T15:00:00Z', '2026-10-28T15:00:00Z', CHICAGO).reminder).toBe('2026-11-01T15:00:00.000Z');
    expect(plan('2026-10-30T23:00:00Z', '2026-10-28T15:00:00Z', CHICAGO)['follow-up']).toBe('2026-11-02T00:00:00.000Z');
  });

  it('moves a night-time reminder to 20:00 the evening before, across the change back', () => {
    // Committed Saturday 31 October 14:00 CDT, due Sunday 1 November 10:00 CST: 07:00 CST is too early, 20:00 CDT Saturday it is.
    expect(plan('2026-11-01T16:00:00Z', '2026-10-31T19:00:00Z', CHICAGO).reminder).toBe('2026-11-01T01:00:00.000Z');
  });

  it('keeps 09:00 on both change days in Berlin', () => {
    // Forward at 02:00 on Sunday 28 March 2027 (UTC+1 to UTC+2): 09:00 is 07:00 UTC.
    expect(plan('2027-03-29T10:00:00Z', '2027-03-24T10:00:00Z', BERLIN).reminder).toBe('2027-03-28T07:00:00.000Z');
    // Back at 03:00 on Sunday 25 October 2026 (UTC+2 to UTC+1): 09:00 is 08:00 UTC.
    expect(plan('2026-10-26T11:00:00Z', '2026-10-21T10:00:00Z', BERLIN).reminder).toBe('2026-10-25T08:00:00.000Z');
  });

  it('checks in on the Berlin morning after a deadline in the repeated night hour', () => {
    // Due 02:30 on 25 October 2026, the first of the two (CEST, 00:30 UTC): the check-in is at 08:00 CET.
    expect(plan('2026-10-25T00:30:00Z', '2026-10-21T10:00:00Z', BERLIN)['check-in']).toBe('2026-10-25T07:00:00.000Z');
  });

  it('keeps 09:00 on both change days in Sydney, where the clocks go forward in October', () => {
    // Forward at 02:00 on Sunday 4 October 2026 (UTC+10 to UTC+11): 09:00 is 22:00 UTC the day before.
    expect(plan('2026-10-05T01:00:00Z', '2026-09-30T01:00:00Z', SYDNEY).reminder).toBe('2026-10-03T22:00:00.000Z');
    // Back at 03:00 on Sunday 4 April 2027 (UTC+11 to UTC+10): 09:00 is 23:00 UTC the day before.
    expect(plan('2027-04-05T02:00:00Z', '2027-03-31T01:00:00Z', SYDNEY).reminder).toBe('2027-04-03T23:00:00.000Z');
    // Checked in Friday 2 April 18:00 AEDT, followed up Sunday 4 April 18:00 AEST (49 hours).
    expect(plan('2027-04-02T07:00:00Z', '2027-03-31T01:00:00Z', SYDNEY)['follow-up']).toBe('2027-04-04T08:00:00.000Z');
  });
});
