/**
 * The desk's export, read back as the coach's spreadsheet would: a zip of CSV files (UTF-8 with
 * a byte-order mark, formulas defused) and the raw records, one client's with their files, or
 * everything without files.
 */
import { describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import type { AuditEntry } from '#server/desk/deskStore.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { type SubmissionRecord } from '#server/submissions/records.ts';
import { useDesk } from '../support/desk';
import { fileOf, pdfBytes } from '../support/documents';
import { formPost, handlersOf, VALID, type Fields, type HANDLERS } from '../support/forms';
import { readCsv, unzipAnswer } from '../support/unzip';

const d = useDesk();

const RESUME = pdfBytes(2000);
/** What a client might type that a spreadsheet would misread: formulas, separators, quotes, line breaks, accents. */
const TRICKY = {
  formula: '=HYPERLINK("https://evil.example","Click me")',
  plus: '+1 555 0100',
  at: '@SUM(A1:A9)',
  minus: '-2+3',
  mixed: 'Zoë, from Besançon, said "ça va"\nand then left; naïve café',
};

async function post(kind: keyof typeof HANDLERS, fields: Fields, files: Record<string, File> = {}) {
  const response = await handleSubmission(formPost(kind, fields, { encoding: 'multipart', files }), handlersOf(d.h.deps)[kind], d.h.deps);
  expect(response.status).toBe(201);
  return fields;
}

const exportOf = (cookie: string, client?: string) => d.request(`/api/coach/export${client ? `?client=${client}` : ''}`, { cookie });

describe('exporting one client', () => {
  it('is a zip named for the day, of one CSV per kind, the raw records and their files', async () => {
    const cookie = await d.signIn();
    const email = 'zoe@example.org';
    const intake = await post('intake', VALID.intake({ email }), { resume: fileOf(RESUME, 'cv.pdf', 'application/pdf') });
    const reflection = await post('reflection', VALID.reflection({ email }));
    await post('reflection', VALID.reflection({ email: 'someone-else@example.org' }));
    await d.request('/api/coach/notes', { method: 'POST', cookie, form: { client: emailHash(email), note: 'First session went well' } });

    const response = await exportOf(cookie, emailHash(email));
    const zip = await unzipAnswer(response);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="unstuck-export-2026-11-25-${emailHash(email).slice(0, 8)}.zip"`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect([...zip.keys()].sort()).toEqual(
      ['activity.csv', 'check-in.csv', 'comments.csv', 'comments.json', 'commitment.csv', 'intake.csv', 'loop.json', 'notes.csv', 'reflection.csv', 'response.csv', 'spam.csv', 'stuck.csv', 'submissions.json', `uploads/2026-11-25-intake-${intake.id}/cv.pdf`].sort(),
    );
    expect(new Uint8Array(zip.get(`uploads/2026-11-25-intake-${intake.id}/cv.pdf`)!)).toEqual(RESUME);
    const records = JSON.parse(zip.get('submissions.json')!.toString('utf8')) as SubmissionRecord[];
    expect(records.map((r) => r.id).sort()).toEqual([intake.id, reflection.id].sort());
    expect(records.find((r) => r.kind === 'reflection')?.data).toMatchObject({ email, reflection: reflection.reflection });
    const intakeRows = readCsv(zip.get('intake.csv'));
    expect(intakeRows.headers.slice(0, 5)).toEqual(['Submission id', 'Received (UTC)', 'Flags', 'Your name', 'Your email']);
    expect(intakeRows.rows).toEqual([expect.objectContaining({ 'Submission id': intake.id, Resume: `cv.pdf (2 KB)`, 'Your email': email })]);
    expect(readCsv(zip.get('notes.csv')).rows).toEqual([expect.objectContaining({ 'Client code': emailHash(email), Email: email, Note: 'First session went well' })]);
    expect(readCsv(zip.get('activity.csv')).rows.map((r) => r.What)).toEqual(['note']);
    expect(readCsv(zip.get('commitment.csv')).rows).toEqual([]);
  });

  it('writes CSV a spreadsheet reads as text: a byte-order mark for accents, quotes and line breaks kept, formulas defused', async () => {
    const cookie = await d.signIn();
    const email = 'zoe@example.org';
    const answers = Object.values(TRICKY);
    for (const reflection of answers) await post('reflection', VALID.reflection({ email, name: 'Zoë Ça', reflection }));

    const zip = await unzipAnswer(await exportOf(cookie, emailHash(email)));
    const csv = readCsv(zip.get('reflection.csv'));

    expect(csv.bom).toBe(true);
    expect(zip.get('reflection.csv')!.toString('utf8')).toContain('\r\n');
    expect(csv.rows.map((row) => row['Your name'])).toEqual(answers.map(() => 'Zoë Ça'));
    const cells = csv.rows.map((row) => row['What came up for you?']);
    expect(cells.sort()).toEqual([`'${TRICKY.formula}`, `'${TRICKY.plus}`, `'${TRICKY.at}`, `'${TRICKY.minus}`, TRICKY.mixed].sort());
  });

  it('defuses a tab or carriage return at the start of a held post’s fields too, which are kept exactly as sent, and a formula after it', async () => {
    const cookie = await d.signIn();
    const email = 'zoe@example.org';
    // As JSON, whose strings arrive exactly as typed (a form post turns a lone CR into a line break).
    await handleSubmission(formPost('reflection', VALID.reflection({ email, reflection: '\t=1+1', nextSession: '\r=2+2', [HONEYPOT_FIELD]: 'bot' })), handlersOf(d.h.deps).reflection, d.h.deps);

    const csv = readCsv((await unzipAnswer(await exportOf(cookie, emailHash(email)))).get('spam.csv'));

    expect(csv.rows).toEqual([expect.objectContaining({ 'What came up for you?': "'\t=1+1", 'Anything you want to bring to our next session?': "'\r'=2+2" })]);
  });

  it('reads each file only when the zip reaches it, so a client’s files never sit in memory together', async () => {
    const cookie = await d.signIn();
    const email = 'zoe@example.org';
    const resume = pdfBytes(3_000_000);
    const letter = pdfBytes(1_500_000);
    await post('intake', VALID.intake({ email }), { resume: fileOf(resume, 'cv.pdf', 'application/pdf'), coverLetter: fileOf(letter, 'letter.pdf', 'application/pdf') });
    const reads: string[] = [];
    const { store } = d.deps;
    d.deps.store = { ...store, getUpload: (key) => (reads.push(key), store.getUpload(key)) };

    const response = await exportOf(cookie, emailHash(email));
    const readBeforeTheBodyIsTaken = reads.length;
    const zip = await unzipAnswer(response);

    expect(readBeforeTheBodyIsTaken).toBeLessThan(2);
    expect(reads).toHaveLength(2);
    expect([...zip.values()].filter((bytes) => bytes.length >= 1_500_000).map((bytes) => bytes.length).sort()).toEqual([1_500_000, 3_000_000]);
  });

  it('says which files were never stored, rather than leaving them out unsaid', async () => {
    const cookie = await d.signIn();
    const email = 'zoe@example.org';
    const intake = await post('intake', VALID.intake({ email }), { resume: fileOf(RESUME, 'cv.pdf', 'application/pdf') });
    const record = (await d.h.record('intake', intake.id!))!;
    await d.h.blobs.delete((record.data.resume as { key: string }).key);

    const zip = await unzipAnswer(await exportOf(cookie, emailHash(email)));

    expect(zip.get(`uploads/2026-11-25-intake-${intake.id}/cv.pdf.missing.txt`)?.toString('utf8')).toContain('could not be read from storage');
    expect(zip.has(`uploads/2026-11-25-intake-${intake.id}/cv.pdf`)).toBe(false);
  });

  it('is a 404 for a code nobody is stored under, and 401 without a session', async () => {
    const cookie = await d.signIn();
    expect((await exportOf(cookie, 'f'.repeat(32))).status).toBe(404);
    expect((await exportOf(cookie, 'not-a-code')).status).toBe(404);
    expect((await exportOf('', emailHash('zoe@example.org'))).status).toBe(401);
  });
});

describe('exporting everything', () => {
  it('holds every client’s submissions, held posts, notes and the activity log, but no files', async () => {
    const cookie = await d.signIn();
    const ada = await post('intake', VALID.intake(), { resume: fileOf(RESUME, 'cv.pdf', 'application/pdf') });
    const grace = await post('commitment', VALID.commitment());
    const bot = await post('reflection', VALID.reflection({ [HONEYPOT_FIELD]: 'bot', reflection: 'cheap watches' }));
    d.h.clock.set(d.h.clock.now().toISOString(), 60_000);
    await d.request('/api/coach/notes', { method: 'POST', cookie, form: { client: emailHash(grace.email!), note: 'Due soon' } });

    const response = await exportOf(cookie);
    const zip = await unzipAnswer(response);

    expect(response.headers.get('content-disposition')).toBe('attachment; filename="unstuck-export-2026-11-25.zip"');
    expect([...zip.keys()].filter((name) => name.startsWith('uploads/'))).toEqual([]);
    expect(readCsv(zip.get('intake.csv')).rows.map((r) => r['Submission id'])).toEqual([ada.id]);
    expect(readCsv(zip.get('commitment.csv')).rows).toEqual([expect.objectContaining({ 'Submission id': grace.id, 'What will you do?': grace.what, 'When will you do it?': grace.when })]);
    expect(readCsv(zip.get('spam.csv')).rows).toEqual([expect.objectContaining({ 'Held post id': bot.id, Form: 'reflection', 'Why it was held': 'honeypot', 'What came up for you?': 'cheap watches' })]);
    expect(readCsv(zip.get('notes.csv')).rows).toEqual([expect.objectContaining({ Email: grace.email, Note: 'Due soon' })]);
    expect(readCsv(zip.get('activity.csv')).rows.map((r) => r.What)).toEqual(['sign-in', 'note']);
    const raw = JSON.parse(zip.get('submissions.json')!.toString('utf8')) as { id: string }[];
    expect(raw.map((r) => r.id).sort()).toEqual([ada.id, grace.id, bot.id].sort());
  });

  it('records each export, a client’s by their code, never an address', async () => {
    const cookie = await d.signIn();
    const ada = await post('reflection', VALID.reflection());

    await (await exportOf(cookie)).arrayBuffer();
    await (await exportOf(cookie, emailHash(ada.email!))).arrayBuffer();

    const { blobs } = await d.deps.deskBlobs.list({ prefix: 'audit/' });
    const entries = await Promise.all(blobs.map(async ({ key }) => (await d.deps.deskBlobs.get(key, { type: 'json' })) as AuditEntry));
    expect(entries.filter((e) => e.action === 'export').map(({ client, subject }) => ({ client, subject }))).toEqual(
      expect.arrayContaining([{ client: undefined, subject: 'everything' }, { client: emailHash(ada.email!), subject: undefined }]),
    );
    expect(JSON.stringify(entries)).not.toContain('@');
  });
});
