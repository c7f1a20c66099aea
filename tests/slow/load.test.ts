/**
 * Concurrency, as a correctness check: a burst of simultaneous submissions to the served site
 * loses nothing and duplicates nothing. (The full-size run with figures is `npm run load`.)
 */
import { describe, expect, it } from 'vitest';
import { loadTest } from '#scripts/load.ts';
import { buildSite } from '../support/buildSite';

describe('a burst of concurrent submissions', () => {
  it('stores every one exactly once and captures both emails of each exactly once', async () => {
    const site = await buildSite();
    const report = await loadTest({ total: 120, concurrency: 20, uploadsEvery: 6 }, site.dir);
    expect(report.problems).toEqual([]);
    expect(report.statuses).toEqual({ 201: 120 });
    expect(report.stored).toBe(120);
    expect(report.emailsCaptured).toBe(240);
  }, 120_000);
});
