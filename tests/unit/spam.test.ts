import { describe, expect, it } from 'vitest';
import { spamVerdict } from '#server/submissions/spam.ts';
import { ELAPSED_MS_FIELD, HONEYPOT_FIELD } from '#src/forms/spamFields.ts';

const MIN_FILL_MS = 3000;
const HOUR = 3_600_000;

/**
 * Keywords browsers' autofill looks for in a field's name to fill in a contact detail (after
 * Chromium's components/autofill/core/common/autofill_regex_constants.h).
 */
const AUTOFILL_KEYWORDS = [
  /url|website|homepage|web.?page/i,
  /e.?mail/i,
  /name|surname|nickname/i,
  /phone|mobile|tel/i,
  /company|business|organi[sz]ation/i,
  /address|addr|street|city|town|zip|postal|country|state|county|region/i,
  /user.?id|login/i,
];

describe('the spam verdict', () => {
  it('holds a post whose hidden trap field is filled in, however long it took', () => {
    expect(spamVerdict({ [HONEYPOT_FIELD]: 'https://cheap-pills.example', [ELAPSED_MS_FIELD]: '600000' }, MIN_FILL_MS)).toEqual({ held: true, reason: 'honeypot' });
  });

  it('delivers a send faster than a person types, flagged for the coach', () => {
    expect(spamVerdict({ [HONEYPOT_FIELD]: '', [ELAPSED_MS_FIELD]: '1200' }, MIN_FILL_MS)).toEqual({ held: false, flags: ['fast-send'] });
  });

  it('delivers a restored draft sent without an edit, flagged, not held', () => {
    expect(spamVerdict({ [HONEYPOT_FIELD]: '', [ELAPSED_MS_FIELD]: '0' }, MIN_FILL_MS)).toEqual({ held: false, flags: ['fast-send'] });
  });

  it.each([
    ['hours ahead', +5 * HOUR],
    ['hours behind', -5 * HOUR],
  ])('judges a client whose clock is %s by the time its page measured alone', (_label, offset) => {
    // A page from before this change, still open, sends its clock's time as startedAt.
    const startedAt = String(Date.parse('2026-11-25T12:00:00Z') + offset);
    expect(spamVerdict({ startedAt, [ELAPSED_MS_FIELD]: '60000' }, MIN_FILL_MS)).toEqual({ held: false, flags: [] });
    expect(spamVerdict({ startedAt, [ELAPSED_MS_FIELD]: '900' }, MIN_FILL_MS)).toEqual({ held: false, flags: ['fast-send'] });
  });

  it('reads the measure from JSON as a number too', () => {
    expect(spamVerdict({ [ELAPSED_MS_FIELD]: 800 }, MIN_FILL_MS)).toEqual({ held: false, flags: ['fast-send'] });
  });

  it.each([
    ['a plain HTML post, which sends the measure empty', ''],
    ['a post without the measure', undefined],
    ['a measure that is not a number', 'soon'],
    ['a send that took exactly the minimum', String(MIN_FILL_MS)],
  ])('does not flag %s', (_label, elapsed) => {
    const fields = elapsed === undefined ? {} : { [ELAPSED_MS_FIELD]: elapsed };
    expect(spamVerdict(fields, MIN_FILL_MS)).toEqual({ held: false, flags: [] });
  });

  it('flags nothing when the minimum is off', () => {
    expect(spamVerdict({ [ELAPSED_MS_FIELD]: '0' }, 0)).toEqual({ held: false, flags: [] });
  });
});

describe('the hidden trap field', () => {
  it('has a name no autofill maps to a contact detail, so it never fills the trap for a person', () => {
    for (const keyword of AUTOFILL_KEYWORDS) expect(HONEYPOT_FIELD).not.toMatch(keyword);
  });
});
