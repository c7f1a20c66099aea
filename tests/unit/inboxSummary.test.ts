/** The one line the coach's inbox shows for each submission, and the entry it is kept in. */
import { describe, expect, it } from 'vitest';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import { indexEntry, SUMMARY_MAX, summaryOf } from '#server/inbox/inboxEntry.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { type SpamRecord, type SubmissionRecord } from '#server/submissions/records.ts';
import { TEST_CATALOG } from '../support/pipeline';

const COACH_ZONE = 'America/Chicago';

function record(kind: SubmissionKind, data: Record<string, unknown>, flags?: string[]): SubmissionRecord {
  return {
    id: `${kind}-1`,
    kind,
    createdAt: '2026-11-25T12:00:00.000Z',
    data: { name: 'Ada Lovelace', email: 'Ada@Example.org', ...data },
    notifications: { coach: { status: 'sent', attempts: 1 }, client: { status: 'sent', attempts: 1 } },
    ...(flags ? { flags } : {}),
  };
}

const summary = (kind: SubmissionKind, data: Record<string, unknown>) => summaryOf(record(kind, data), TEST_CATALOG, COACH_ZONE);

describe('the summary of a submission', () => {
  it("gives an intake's goals, first line only", () => {
    expect(summary('intake', { goals: '\n  Find work that uses my planning skills.\nAnd more time outdoors.' })).toBe('Find work that uses my planning skills.');
  });

  it("gives homework's what and its deadline in words, in the coach's time zone", () => {
    // 15:00 in London in December is 9:00 in Chicago.
    const line = summary('commitment', { what: 'Send two interview requests', when: '2026-12-01T15:00', timeZone: 'Europe/London' });

    expect(line).toBe('Send two interview requests — by Tuesday, December 1, 2026 at 9:00 AM (America/Chicago)');
  });

  it('cuts a long homework to fit and still shows its deadline', () => {
    const line = summary('commitment', { what: 'Write '.repeat(100), when: '2026-12-01T15:00', timeZone: 'Europe/London' });

    expect(line.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(line).toMatch(/^Write Write .*… — by Tuesday, December 1, 2026 at 9:00 AM \(America\/Chicago\)$/);
  });

  it("gives a response's exercise title and a reflection's inquiry question", () => {
    expect(summary('response', { exercise: 'values-card-sort' })).toBe('Values card sort');
    expect(summary('reflection', { inquiry: 'failing-slowly' })).toBe('Where are you failing slowly rather than quickly?');
  });

  it('falls back to the exercise id when the catalog no longer has it', () => {
    expect(summary('response', { exercise: 'retired-exercise' })).toBe('retired-exercise');
  });

  it('keeps any summary to one line of at most 140 characters', () => {
    const line = summary('intake', { goals: `${'word '.repeat(60)}\nsecond line` });

    expect(line.length).toBe(SUMMARY_MAX);
    expect(line).not.toMatch(/\n/);
    expect(line.endsWith('…')).toBe(true);
  });

  it('says why a post was held as spam', () => {
    const held: SpamRecord = { id: 's-1', kind: 'spam', form: 'intake', reason: 'honeypot', createdAt: '2026-11-25T12:00:00.000Z', fields: {}, files: [] };

    expect(summaryOf(held, TEST_CATALOG, COACH_ZONE)).toBe('Held as spam: honeypot');
  });
});

describe('an inbox entry', () => {
  it('keeps the name, the lower-cased email and its hash, the flags, and starts unread', () => {
    const entry = indexEntry(record('intake', { goals: 'A new role.' }, ['many-links']), TEST_CATALOG, COACH_ZONE);

    expect(entry).toEqual({
      kind: 'intake',
      id: 'intake-1',
      createdAt: '2026-11-25T12:00:00.000Z',
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      emailHash: emailHash('Ada@Example.org'),
      summary: 'A new role.',
      flags: ['many-links'],
      read: false,
    });
  });

  it('of held spam names the form it was posted to, and works without an email', () => {
    const held: SpamRecord = { id: 's-1', kind: 'spam', form: 'reflection', reason: 'links', createdAt: '2026-11-25T12:00:00.000Z', fields: { name: 'x'.repeat(500) }, files: [] };

    const entry = indexEntry(held, TEST_CATALOG, COACH_ZONE);

    expect(entry).toMatchObject({ kind: 'spam', form: 'reflection', email: '', emailHash: '', flags: [] });
    expect(entry.name.length).toBeLessThanOrEqual(120);
  });
});
