/**
 * One client at the desk: their page (every kind of submission, held posts, the private note),
 * their files as downloads, erasing them, and the activity log naming them only by a code.
 */
import { describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import type { AuditEntry } from '#server/desk/deskStore.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { type SpamRecord, type StoredUpload } from '#server/submissions/records.ts';
import { useDesk } from '../support/desk';
import { fileOf, pdfBytes } from '../support/documents';
import { formPost, handlersOf, VALID, type Fields, type HANDLERS } from '../support/forms';
import { listKeys } from '../support/localStore';

const d = useDesk();

const RESUME = pdfBytes(3000);

async function post(kind: keyof typeof HANDLERS, fields: Fields, files: Record<string, File> = {}) {
  const response = await handleSubmission(formPost(kind, fields, { encoding: 'multipart', files }), handlersOf(d.h.deps)[kind], d.h.deps);
  expect(response.status).toBe(201);
  return fields;
}

/** One client who has sent every kind of form (an intake with a resume), a minute apart, and then a post held as spam. */
async function everyKindFrom(email = `ada-${crypto.randomUUID().slice(0, 8)}@example.org`) {
  const aMinuteLater = () => d.h.clock.set(d.h.clock.now().toISOString(), 60_000);
  const intake = await post('intake', VALID.intake({ email }), { resume: fileOf(RESUME, 'My CV.pdf', 'application/pdf') });
  aMinuteLater();
  const commitment = await post('commitment', VALID.commitment({ email, when: '2026-12-01T09:00', timeZone: 'Europe/London' }));
  aMinuteLater();
  const response = await post('response', VALID.response({ email }));
  aMinuteLater();
  const reflection = await post('reflection', VALID.reflection({ email }));
  aMinuteLater();
  const held = await post('reflection', VALID.reflection({ email, reflection: 'Buy cheap watches', [HONEYPOT_FIELD]: 'bot' }), {});
  return { email, hash: emailHash(email), intake, commitment, response, reflection, held };
}

const resumeOf = async (id: string) => (await d.h.record('intake', id))!.data.resume as StoredUpload;
const auditEntries = async () => {
  const { blobs } = await d.deps.deskBlobs.list({ prefix: 'audit/' });
  return Promise.all(blobs.map(async ({ key }) => (await d.deps.deskBlobs.get(key, { type: 'json' })) as AuditEntry));
};

describe('a client’s page', () => {
  it('shows every kind they sent, newest first, under the forms’ own labels, with the deadline in words and times in the coach’s zone', async () => {
    const cookie = await d.signIn();
    const ada = await everyKindFrom();
    const other = await post('reflection', VALID.reflection({ reflection: 'Someone else entirely' }));

    const page = await d.request(`/coach/clients/${ada.hash}/`, { cookie });
    const html = await page.text();

    expect(page.status).toBe(200);
    const headings = ['Held as spam: reflection', 'A reflection on “Where are you failing slowly rather than quickly?”', 'Answers to “Values card sort”', 'Homework for “Values card sort”', 'Intake questionnaire'];
    const positions = headings.map((heading) => html.indexOf(`<h3>${heading}</h3>`));
    expect(positions.every((at) => at > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(html).toContain('<dt>What they will do</dt><dd>Send two informational-interview requests</dd>');
    expect(html).toContain('<dt>Which five values did you keep?</dt>');
    // 9:00 in London on December 1 is 3:00 AM in Chicago, five days and fifteen hours after the commitment was sent.
    expect(html).toContain('<strong>Due in 5 days</strong>: Tuesday, December 1, 2026 at 3:00 AM (America/Chicago), which is Tuesday, December 1, 2026 at 9:00 AM (Europe/London) for the client.');
    expect(html).toContain('Wednesday, November 25, 2026 at 6:00 AM (America/Chicago)');
    expect(html).toContain(`href="/api/coach/uploads?key=${encodeURIComponent((await resumeOf(ada.intake.id!)).key)}"`);
    expect(html).toContain('My-CV.pdf</a> (application/pdf, 3 KB)');
    expect(html).toContain('Buy cheap watches');
    expect(html).toContain(ada.email);
    expect(html).not.toContain(other.reflection);
  });

  it('keeps the coach’s private note, shows it, and lets her change or clear it', async () => {
    const cookie = await d.signIn();
    const ada = await everyKindFrom();

    const saved = await d.request('/api/coach/notes', { method: 'POST', cookie, form: { client: ada.hash, note: 'Wants to move into <b>policy</b> work.\r\nAsk about the course.' } });
    const withNote = await (await d.request(saved.headers.get('location')!, { cookie })).text();
    const tooLong = await d.request('/api/coach/notes', { method: 'POST', cookie, form: { client: ada.hash, note: 'x'.repeat(5001) } });
    const afterTooLong = await d.deps.desk.getNote(ada.hash);
    const cleared = await d.request('/api/coach/notes', { method: 'POST', cookie, form: { client: ada.hash, note: '  ' } });

    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/coach/clients/${ada.hash}/?done=note-saved`);
    expect(withNote).toContain('Your note is saved.');
    expect(withNote).toContain('Wants to move into &lt;b&gt;policy&lt;/b&gt; work.\nAsk about the course.</textarea>');
    expect(tooLong.headers.get('location')).toBe(`/coach/clients/${ada.hash}/?done=note-too-long`);
    expect(afterTooLong).toMatchObject({ ok: true, value: { text: 'Wants to move into <b>policy</b> work.\nAsk about the course.', updatedAt: d.h.clock.now().toISOString() } });
    expect(cleared.headers.get('location')).toBe(`/coach/clients/${ada.hash}/?done=note-cleared`);
    expect(await d.deps.desk.getNote(ada.hash)).toEqual({ ok: true, value: null });
  });

  it('records each view and each note by the client’s code, never their address', async () => {
    const cookie = await d.signIn();
    const ada = await everyKindFrom();

    await d.request(`/coach/clients/${ada.hash}/`, { cookie });
    await d.request('/api/coach/notes', { method: 'POST', cookie, form: { client: ada.hash, note: `Her address is ${ada.email}` } });

    const entries = await auditEntries();
    expect(entries.filter((e) => e.client === ada.hash).map((e) => e.action).sort()).toEqual(['note', 'read']);
    expect(JSON.stringify(entries)).not.toContain('@');
  });

  it('is a plain 404 for a code nobody is stored under, and the page is for the signed-in coach only', async () => {
    const cookie = await d.signIn();

    const unknown = await d.request(`/coach/clients/${'0'.repeat(32)}/`, { cookie });
    const signedOut = await d.request(`/coach/clients/${'0'.repeat(32)}/`);

    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Nothing is stored for this client');
    expect(signedOut.headers.get('location')).toBe('/coach/');
    expect((await auditEntries()).map((e) => e.action)).toEqual(['sign-in']);
  });
});

describe('downloading a client’s file', () => {
  it('answers with the stored bytes as an attachment of the stored type, never to be sniffed or cached', async () => {
    const cookie = await d.signIn();
    const ada = await everyKindFrom();
    const resume = await resumeOf(ada.intake.id!);

    const response = await d.request(`/api/coach/uploads?key=${encodeURIComponent(resume.key)}`, { cookie });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="My-CV.pdf"');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(RESUME);
    expect((await auditEntries()).find((e) => e.action === 'read')).toMatchObject({ client: ada.hash, subject: `intake/${ada.intake.id}` });
  });

  it('refuses a key no record refers to, a held post’s unjudged file, any other key, and a visitor without a session', async () => {
    const cookie = await d.signIn();
    const ada = await everyKindFrom();
    const resume = await resumeOf(ada.intake.id!);
    const bot = VALID.intake({ [HONEYPOT_FIELD]: 'bot' });
    await post('intake', bot, { resume: fileOf(RESUME, 'cv.pdf', 'application/pdf') });
    const heldFile = ((await d.h.blobs.get(`spam/${bot.id}`, { type: 'json' })) as SpamRecord).files[0]!.key;
    const otherDigest = resume.key.replace(/-[0-9a-f]{16}$/, '-0123456789abcdef');

    const refused = [otherDigest, heldFile, `intake/${ada.intake.id}`, `clients/${ada.hash}/intake/${ada.intake.id}`, '', '../uploads'];
    for (const key of refused) expect((await d.request(`/api/coach/uploads?key=${encodeURIComponent(key)}`, { cookie })).status, key).toBe(404);
    expect((await d.request(`/api/coach/uploads?key=${encodeURIComponent(resume.key)}`)).status).toBe(401);
  });
});

describe('erasing a client', () => {
  it('refuses an address that is not theirs, and removes nothing', async () => {
    const cookie = await d.signIn();
    const ada = await everyKindFrom();
    await d.request('/api/coach/notes', { method: 'POST', cookie, form: { client: ada.hash, note: 'Keep me' } });
    const before = [await listKeys(d.h.blobs), await listKeys(d.deps.deskBlobs)];

    const wrong = await d.request('/api/coach/erase', { method: 'POST', cookie, form: { client: ada.hash, email: 'someone-else@example.org' } });
    const empty = await d.request('/api/coach/erase', { method: 'POST', cookie, form: { client: ada.hash, email: '' } });

    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('That address is not the one this client used, so nothing was removed.');
    expect(empty.status).toBe(422);
    expect([await listKeys(d.h.blobs), (await listKeys(d.deps.deskBlobs)).filter((key) => !key.startsWith('audit/'))]).toEqual([
      before[0],
      before[1]!.filter((key) => !key.startsWith('audit/')),
    ]);
  });

  it('removes everything of theirs on their address, in any case, says what went, and leaves no entry naming them', async () => {
    const cookie = await d.signIn();
    const ada = await everyKindFrom();
    const grace = await post('reflection', VALID.reflection());
    await d.request(`/coach/clients/${ada.hash}/`, { cookie });
    await d.request('/api/coach/notes', { method: 'POST', cookie, form: { client: ada.hash, note: 'Ask about the course' } });

    const erased = await d.request('/api/coach/erase', { method: 'POST', cookie, form: { client: ada.hash, email: ` ${ada.email.toUpperCase()} ` } });
    const html = await erased.text();

    expect(erased.status).toBe(200);
    expect(html).toContain('<li>1 intake questionnaire</li>');
    expect(html).toContain('<li>1 post held as spam</li>');
    expect(html).toContain('<li>1 file</li>');
    expect(html).toContain('<li>your private note</li>');
    expect(html).toContain(`<code>intake/${ada.intake.id}</code>`);
    const ids = [ada.intake, ada.commitment, ada.response, ada.reflection, ada.held].map((f) => f.id!);
    expect((await listKeys(d.h.blobs)).filter((key) => key.includes(ada.hash) || ids.some((id) => key.includes(id)))).toEqual([]);
    expect(await listKeys(d.h.blobs)).toContain(`reflection/${grace.id}`);
    expect(await d.deps.desk.getNote(ada.hash)).toEqual({ ok: true, value: null });
    const entries = await auditEntries();
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['read', 'note', 'erase']));
    expect(JSON.stringify(entries)).not.toContain(ada.hash);
    expect((await d.request(`/coach/clients/${ada.hash}/`, { cookie })).status).toBe(404);
  });
});
