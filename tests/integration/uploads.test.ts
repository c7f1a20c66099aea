import { describe, expect, it } from 'vitest';
import { INTAKE_FIELDS } from '#src/forms/intake.ts';
import { MAX_FILE_BYTES, MAX_TOTAL_UPLOAD_BYTES } from '#src/forms/uploads.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { MAX_BODY_BYTES, MAX_FIELDS } from '#server/web/parseBody.ts';
import type { StoredUpload } from '#server/submissions/records.ts';
import { concat, docmBytes, docxBytes, exeBytes, fileOf, lyingZipBytes, odtBytes, pdfBytes, textBytes, wordParts, zipBytes } from '../support/documents';
import { formPost, handlersOf, overTheWire, VALID, type Fields } from '../support/forms';
import { listKeys } from '../support/localStore';
import { SITE_URL, useHarness } from '../support/pipeline';

const h = useHarness();

const sendIntake = (fields: Fields, files: Record<string, File>, accept = 'application/json') =>
  handleSubmission(formPost('intake', fields, { encoding: 'multipart', files, accept }), handlersOf(h.deps).intake, h.deps);

async function expectRejectedOn(response: Response, field: string) {
  expect(response.status).toBe(422);
  const { errors } = (await response.json()) as { errors: Record<string, string[]> };
  expect(Object.keys(errors)).toEqual([field]);
  expect(await listKeys(h.blobs)).toEqual([]);
  expect(h.resend.requests).toEqual([]);
  return errors[field]![0]!;
}

describe('a resume sent with the intake', () => {
  it('is stored as its own blob and attached to the coach’s email, byte for byte', async () => {
    const pdf = pdfBytes();
    const fields = VALID.intake();

    const response = await sendIntake(fields, { resume: fileOf(pdf, 'resume.pdf', 'application/pdf') });

    expect(response.status).toBe(201);
    const record = (await h.record('intake', fields.id!))!;
    const { key } = record.data.resume as { key: string };
    expect(key).toMatch(new RegExp(`^uploads/${fields.id}/resume-[0-9a-f]{16}$`));
    expect(record.data.resume).toEqual({ key, fileName: 'resume.pdf', contentType: 'application/pdf', size: pdf.length });

    const blob = await h.blobs.getWithMetadata(key, { type: 'arrayBuffer' });
    expect(new Uint8Array(blob!.data)).toEqual(pdf);
    expect(blob!.metadata).toMatchObject({ contentType: 'application/pdf', fileName: 'resume.pdf', size: pdf.length });

    const { coach, client } = h.emailsFor('intake', fields.id!);
    expect(coach[0]!.body.attachments).toHaveLength(1);
    const [attachment] = coach[0]!.body.attachments!;
    expect(attachment).toMatchObject({ filename: 'resume.pdf', content_type: 'application/pdf' });
    expect(new Uint8Array(Buffer.from(attachment!.content, 'base64'))).toEqual(pdf);
    expect(client[0]!.body.attachments).toBeUndefined();
  });

  it('is named after what it really is, with nothing from the client’s file name that could break a header', async () => {
    const fields = VALID.intake();

    await sendIntake(fields, { resume: fileOf(pdfBytes(), 'My "CV"\r\nBcc: x@evil.test.pdf') });

    const record = (await h.record('intake', fields.id!))!;
    const { fileName } = record.data.resume as StoredUpload;
    expect(fileName).toMatch(/^[\w.-]+\.pdf$/);
    expect(h.emailsFor('intake', fields.id!).coach[0]!.body.attachments![0]!.filename).toBe(fileName);
  });

  it('is accepted as a Word document when it really is one', async () => {
    const docx = await docxBytes();
    const fields = VALID.intake();

    const response = await sendIntake(fields, { coverLetter: fileOf(docx, 'letter.docx') });

    expect(response.status).toBe(201);
    const stored = (await h.record('intake', fields.id!))!.data.coverLetter as StoredUpload;
    expect(stored).toMatchObject({ fileName: 'letter.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(new Uint8Array((await h.blobs.get(stored.key, { type: 'arrayBuffer' }))!)).toEqual(docx);
  });

  it.each([
    { what: 'plain text', bytes: async () => textBytes('Just my resume, typed out.\n') },
    { what: 'a Windows program', bytes: async () => exeBytes() },
    { what: 'a ZIP archive', bytes: () => zipBytes([{ name: 'notes.txt', content: 'hello' }]) },
    { what: 'a Word document', bytes: () => docxBytes() },
    { what: 'a shell script', bytes: async () => textBytes('#!/bin/sh\nrm -rf ~\n') },
  ])('is rejected on the resume field when resume.pdf is really $what, and nothing is kept', async ({ bytes }) => {
    const response = await sendIntake(VALID.intake(), { resume: fileOf(await bytes(), 'resume.pdf', 'application/pdf') });

    expect(await expectRejectedOn(response, 'resume')).toContain('resume.pdf');
  });

  it('is rejected when it has a type the form does not take, whatever its bytes', async () => {
    const response = await sendIntake(VALID.intake(), { resume: fileOf(pdfBytes(), 'resume.exe') });

    await expectRejectedOn(response, 'resume');
  });

  it('is rejected when it is over the size limit for one file', async () => {
    const response = await sendIntake(VALID.intake(), { resume: fileOf(pdfBytes(MAX_FILE_BYTES + 1), 'resume.pdf') });

    expect(await expectRejectedOn(response, 'resume')).toMatch(/4 MB/);
  });

  it('is rejected with the cover letter when the two files together are over the limit', async () => {
    const each = Math.ceil(MAX_TOTAL_UPLOAD_BYTES / 2) + 1024;
    expect(each).toBeLessThan(MAX_FILE_BYTES);

    const response = await sendIntake(VALID.intake(), {
      resume: fileOf(pdfBytes(each), 'resume.pdf'),
      coverLetter: fileOf(pdfBytes(each), 'letter.pdf'),
    });

    expect(await expectRejectedOn(response, 'coverLetter')).toMatch(/5 MB/);
  });

  it('shows a plain HTML caller the problem under the field’s label, with the file name escaped', async () => {
    const response = await sendIntake(VALID.intake(), { resume: fileOf(exeBytes(), '<img src=x onerror=alert(1)>.pdf') }, 'text/html');

    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(`<strong>${INTAKE_FIELDS.resume.label}</strong>`);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.pdf');
    expect(html).not.toMatch(/<img/i);
  });

  it('leaves the same intake with the same file landing once when a plain form posts it twice', async () => {
    const { id: _none, ...fields } = VALID.intake();
    const post = () => sendIntake(fields, { resume: fileOf(pdfBytes(), 'resume.pdf') }, 'text/html');

    const first = await post();
    const second = await post();

    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect((await listKeys(h.blobs)).filter((key) => key.startsWith('intake/'))).toHaveLength(1);
    expect(h.resend.sent).toHaveLength(2);
  });

  it('keeps the first file when the same submission id is posted again with another one', async () => {
    const fields = VALID.intake();
    const original = pdfBytes();
    await sendIntake(fields, { resume: fileOf(original, 'resume.pdf') });

    await sendIntake(fields, { resume: fileOf(pdfBytes(original.length + 5000), 'other.pdf') });

    const record = (await h.record('intake', fields.id!))!;
    const { key, size } = record.data.resume as { key: string; size: number };
    expect(size).toBe(original.length);
    const stored = await h.blobs.get(key, { type: 'arrayBuffer' });
    expect(new Uint8Array(stored!)).toEqual(original);
  });
});

describe('a resume that is not safe to keep', () => {
  it.each([
    { what: 'is empty (0 bytes)', name: 'cv.pdf', bytes: async () => new Uint8Array(), says: '“cv.pdf” is empty' },
    { what: 'is a .docm renamed .docx', name: 'cv.docx', bytes: () => docmBytes(), says: '“cv.docx” contains macros, which we do not accept for safety. Please save it as a plain .docx or a PDF and choose it again.' },
    { what: 'has a program inside', name: 'cv.docx', bytes: () => docxBytes({ extra: [{ name: 'word/embeddings/setup.exe', content: 'MZ' }] }), says: 'a program or script tucked inside it' },
    { what: 'lacks the parts of a Word document', name: 'cv.docx', bytes: () => docxBytes({ without: ['word/document.xml'] }), says: 'is not a complete Word document' },
    { what: 'is a zip bomb with lying sizes', name: 'cv.docx', bytes: () => lyingZipBytes(wordParts(), 20_000_003, 1000), says: 'unpacks to far more than' },
    { what: 'is a PDF with a file appended after its last %%EOF', name: 'cv.pdf', bytes: async () => concat([pdfBytes(), await zipBytes([{ name: 'a.js', content: 'x' }])]), says: 'something else attached after the end of the PDF' },
    { what: 'is an SVG named .txt, after a byte-order mark', name: 'cv.txt', bytes: async () => textBytes('\ufeff<?xml version="1.0"?><svg onload="alert(1)"/>'), says: 'HTML, SVG or XML' },
  ])('is refused on its field with words a client understands when it $what', async ({ name, bytes, says }) => {
    const response = await sendIntake(VALID.intake(), { resume: fileOf(await bytes(), name) });

    expect(await expectRejectedOn(response, 'resume')).toContain(says);
  });

  it('is accepted as an OpenDocument text when it really is one', async () => {
    const odt = await odtBytes();
    const fields = VALID.intake();

    const response = await sendIntake(fields, { resume: fileOf(odt, 'cv.odt') });

    expect(response.status).toBe(201);
    expect((await h.record('intake', fields.id!))!.data.resume).toMatchObject({ fileName: 'cv.odt', contentType: 'application/vnd.oasis.opendocument.text' });
  });

  it('is accepted as a PDF edited and saved several times (one %%EOF per save)', async () => {
    const edited = concat([pdfBytes(), textBytes('trailer << /Root 1 0 R /Prev 9 >>\n%%EOF\n')]);

    const response = await sendIntake(VALID.intake(), { resume: fileOf(edited, 'cv.pdf') });

    expect(response.status).toBe(201);
  });
});

describe('a post with more answers than any form has', () => {
  const url = new URL('/api/reflections', SITE_URL);
  const body = `name=Ada&${Array.from({ length: 40_000 }, () => 'tag=x').join('&')}`;

  it('is refused with 413 and a code for a script when one name is repeated 40,000 times', async () => {
    const request = new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body });

    const response = await handleSubmission(request, handlersOf(h.deps).reflection, h.deps);

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'too_many_fields', message: expect.stringContaining(`more than ${MAX_FIELDS} answers`) } });
    expect(await listKeys(h.blobs)).toEqual([]);
  });

  it('is refused with 413 and a plain page for a browser', async () => {
    const request = new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' }, body });

    const response = await handleSubmission(request, handlersOf(h.deps).reflection, h.deps);

    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('Your answers were not sent');
  });
});

describe('a body the endpoint cannot take', () => {
  it('is refused with 413 when it is larger than the limit, and nothing is kept', async () => {
    const request = await overTheWire(formPost('intake', VALID.intake(), { encoding: 'multipart', files: { resume: fileOf(pdfBytes(MAX_BODY_BYTES + 1), 'resume.pdf') } }));

    const response = await handleSubmission(request, handlersOf(h.deps).intake, h.deps);

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'body_too_large' } });
    expect(await listKeys(h.blobs)).toEqual([]);
    expect(h.resend.requests).toEqual([]);
  });

  it('is refused with 415 when it is neither a form post nor JSON', async () => {
    const request = new Request(new URL('/api/intake', SITE_URL), {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Accept: 'application/json' },
      body: JSON.stringify(VALID.intake()),
    });

    const response = await handleSubmission(request, handlersOf(h.deps).intake, h.deps);

    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: 'unsupported_type', message: expect.any(String) } });
    expect(await listKeys(h.blobs)).toEqual([]);
  });

  it('is refused with 400 when the JSON nests thousands of levels deep', async () => {
    const request = new Request(new URL('/api/reflections', SITE_URL), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
    });

    const response = await handleSubmission(request, handlersOf(h.deps).reflection, h.deps);

    expect(response.status).toBe(400);
  });

  it('is refused with 400 when the JSON is malformed, with a sentence and no internals', async () => {
    const request = new Request(new URL('/api/reflections', SITE_URL), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name": "Ada", ',
    });

    const response = await handleSubmission(request, handlersOf(h.deps).reflection, h.deps);

    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('unreadable_body');
    expect(error.message).not.toMatch(/SyntaxError|at position|Unexpected/);
  });
});
