/**
 * A value with a line break in it stays one cell in every CSV file of the export, and no line of
 * it can start a formula: read back with a CSV parser, row by row, as a spreadsheet would.
 */
import { describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { aComment, useComments } from '../support/comments';
import { formPost, handlersOf, VALID } from '../support/forms';
import { readCsv, unzipAnswer } from '../support/unzip';

const c = useComments();

/** The comment: a harmless first line, then two formulas each on a line of its own; and the same with CRLF and a lone CR, as a held post keeps them. */
const SNEAKY = "Lovely post\n=cmd|' /C calc'!A0\n=1+1";
const SNEAKY_CRLF = 'Lovely post\r\n@SUM(A1)\r-2+3';

/** Every line of every cell of a file: none may start as a formula would. */
function formulaLines(rows: Record<string, string>[], headers: string[]): string[] {
  return [...headers, ...rows.flatMap((row) => Object.values(row))].flatMap((cell) => cell.split(/\r\n|\r|\n/)).filter((line) => /^[=+\-@\t]/.test(line));
}

describe('the export, given answers with formulas after a line break', () => {
  it('keeps each answer in one quoted cell and defuses every line, in every CSV file, held posts and comments included', async () => {
    const cookie = await c.signIn();
    const email = 'zoe@example.org';
    const post = (kind: keyof typeof VALID, fields: Record<string, string>) => handleSubmission(formPost(kind, fields), handlersOf(c.h.deps)[kind], c.h.deps);
    // As JSON, so every string arrives exactly as typed.
    expect((await post('intake', VALID.intake({ email, goals: SNEAKY }))).status).toBe(201);
    expect((await post('commitment', VALID.commitment({ email, what: SNEAKY }))).status).toBe(201);
    expect((await post('response', VALID.response({ email, 'answers.surprise': SNEAKY }))).status).toBe(201);
    expect((await post('reflection', VALID.reflection({ email, reflection: SNEAKY }))).status).toBe(201);
    expect((await post('stuck', VALID.stuck({ email }))).status).toBe(201);
    expect((await post('reflection', VALID.reflection({ email, reflection: SNEAKY, nextSession: SNEAKY_CRLF, [HONEYPOT_FIELD]: 'bot' }))).status).toBe(201);
    expect((await c.post(aComment({ email, comment: SNEAKY }), { json: true })).status).toBeLessThan(300);
    expect((await c.post(aComment({ email, comment: SNEAKY, leave_this_blank: 'bot' }), { json: true })).status).toBeLessThan(300);
    await c.request('/api/coach/notes', { method: 'POST', cookie, form: { client: emailHash(email), note: SNEAKY } });

    const zip = await unzipAnswer(await c.request(`/api/coach/export?client=${emailHash(email)}`, { cookie }));

    const files = [...zip.keys()].filter((name) => name.endsWith('.csv'));
    const counts = Object.fromEntries(files.map((name) => [name, readCsv(zip.get(name)).rows.length]));
    expect(counts).toMatchObject({ 'intake.csv': 1, 'commitment.csv': 1, 'reflection.csv': 1, 'stuck.csv': 1, 'spam.csv': 1, 'notes.csv': 1, 'response.csv': 1, 'comments.csv': 2 });
    for (const name of files) {
      const { headers, rows } = readCsv(zip.get(name));
      expect({ name, lines: formulaLines(rows, headers) }).toEqual({ name, lines: [] });
    }
    const intake = readCsv(zip.get('intake.csv')).rows[0]!;
    expect(Object.values(intake)).toContain("Lovely post\n'=cmd|' /C calc'!A0\n'=1+1");
    expect(readCsv(zip.get('spam.csv')).rows[0]).toMatchObject({ 'What came up for you?': "Lovely post\n'=cmd|' /C calc'!A0\n'=1+1", 'Anything you want to bring to our next session?': "Lovely post\r\n'@SUM(A1)\r'-2+3" });
    expect(readCsv(zip.get('comments.csv')).rows.map((row) => row['Comment as sent'])).toEqual(["Lovely post\n'=cmd|' /C calc'!A0\n'=1+1", "Lovely post\n'=cmd|' /C calc'!A0\n'=1+1"]);
  });
});
