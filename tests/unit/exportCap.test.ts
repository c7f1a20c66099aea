/** A client's export keeps within what a function may stream: the files that fit go in, the rest are named. */
import { describe, expect, it } from 'vitest';
import { EXPORT_FILES_MAX_BYTES, withinCap } from '#server/desk/exportData.ts';

const file = (key: string, size: number) => ({ upload: { key, fileName: `${key}.pdf`, contentType: 'application/pdf', size } });

describe('the files in one export', () => {
  it('takes files in order while they fit, and leaves out the ones that would pass the cap', () => {
    const files = [file('a', 6), file('b', 5), file('c', 3), file('d', 1)];

    const { included, leftOut } = withinCap(files, 10);

    expect(included.map((f) => f.upload.key)).toEqual(['a', 'c', 'd']);
    expect(leftOut.map((f) => f.upload.key)).toEqual(['b']);
  });

  it('stays well under the 20 MB a function may stream, with room for the tables', () => {
    expect(EXPORT_FILES_MAX_BYTES).toBeLessThanOrEqual(16_000_000);
    const { included } = withinCap([file('a', 4_000_000), file('b', 4_000_000), file('c', 4_000_000), file('d', 4_000_000)]);
    expect(included.reduce((sum, f) => sum + f.upload.size, 0)).toBeLessThanOrEqual(EXPORT_FILES_MAX_BYTES);
  });
});
