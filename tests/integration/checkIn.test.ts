/**
 * Answering a check-in, end to end against the real local blob store and the fake email API:
 * the page a Done / Partly / Not yet link opens changes nothing however often it is opened; the
 * button stores the answer as a check-in submission, records it in the commitment's loop and
 * sends each email once; a used, changed or expired link does nothing; a refused file keeps the
 * note; Partly offers the homework form that follows the commitment and closes it; the coach
 * records an answer from the desk, and then the client's link says so kindly.
 */
import { describe, expect, it } from 'vitest';
import { acceptSubmission } from '#server/submissions/acceptSubmission.ts';
import { handleCheckIn, checkInId } from '#server/checkIn/checkInAction.ts';
import type { CheckInDeps } from '#server/checkIn/checkInDeps.ts';
import { recordStoredCheckIn } from '#server/checkIn/recordStoredCheckIn.ts';
import { checkInForm as coachCheckInForm } from '#server/desk/checkInForm.ts';
import { formHandlers } from '#server/app/formHandlers.ts';
import { checkInForm } from '#server/submissions/forms/checkIn.ts';
import { deadlineOf } from '#server/submissions/forms/commitment.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { usedLinkKey } from '#server/links/usedLinks.ts';
import { closeFollowed } from '#server/loop/closeFollowed.ts';
import { checkInLinks, CHECK_IN_LINK_DAYS } from '#server/loop/loopLinks.ts';
import { answeredKey, overdueKey, type LoopState } from '#server/loop/loopStore.ts';
import { retryPending } from '#server/submissions/retryPending.ts';
import { newLinkId } from '#server/links/signedLinks.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { type SubmissionRecord } from '#server/submissions/records.ts';
import { SECRET, useDesk } from '../support/desk';
import { fileOf, pdfBytes } from '../support/documents';
import { formPost, VALID, type Changes } from '../support/forms';
import { listKeys } from '../support/localStore';
import { COACH_EMAIL, SITE_URL } from '../support/pipeline';

const d = useDesk();

const deps = (): CheckInDeps => ({ ...d.deps, signing: { ready: true, secret: SECRET } });

/** A stored commitment with its loop started, as startLoop leaves it; and its three answer links. */
async function homework(changes: Changes = {}) {
  const fields = VALID.commitment(changes);
  const stored = await handleSubmission(formPost('commitment', fields), d.h.deps.handlers.commitment, d.h.deps);
  expect(stored.status).toBe(201);
  const id = fields.id!;
  const deadline = deadlineOf({ when: fields.when!, timeZone: fields.timeZone! });
  const state: LoopState = {
    version: 1,
    commitmentId: id,
    clientHash: emailHash(fields.email!),
    deadline: deadline.toISOString(),
    timeZone: fields.timeZone!,
    channel: 'email',
    startedAt: d.h.clock.now().toISOString(),
    checkInLid: newLinkId(),
    plan: { 'check-in': deadline.toISOString() },
    sends: {},
  };
  expect((await d.deps.loop.start(state)).ok).toBe(true);
  const links = checkInLinks(state, { secret: SECRET, siteUrl: SITE_URL }, state.checkInLid);
  return { id, fields, state, links };
}

/** A mail scanner, or the client, opening the link. */
const open = (url: string, method: 'GET' | 'HEAD' = 'GET') => handleCheckIn(new Request(url, { method, headers: { 'sec-fetch-site': 'none' } }), deps());

/** Pressing the page's button, as the browser posts its form. */
function press(url: string, { note, file }: { note?: string; file?: File } = {}) {
  const form = new FormData();
  form.append('note', note ?? '');
  if (file) form.append('evidence', file);
  return handleCheckIn(new Request(url, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin', origin: SITE_URL }, body: form }), deps());
}

/** Presses, then follows the redirect back to the link, as a browser does. */
async function answer(url: string, options: Parameters<typeof press>[1] = {}) {
  const pressed = await press(url, options);
  expect(pressed.status).toBe(303);
  expect(new URL(pressed.headers.get('location')!, SITE_URL).href).toBe(url);
  const shown = await open(url);
  return { status: shown.status, html: await shown.text() };
}

/** The form a page posts, and its fields as a browser would send them. */
function formOf(html: string, action: string) {
  const start = html.indexOf(`action="${action}"`);
  expect(start).toBeGreaterThan(-1);
  const form = html.slice(start, html.indexOf('</form>', start));
  const unescape = (text: string) => text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  const fields: Record<string, string> = {};
  for (const [, name, value] of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[name!] = unescape(value!);
  for (const [, name, value] of form.matchAll(/<textarea[^>]* name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[name!] = unescape(value!);
  const zone = /<select[^>]* name="timeZone"[^>]*>[\s\S]*?<option value="([^"]+)" selected>/.exec(form);
  if (zone) fields.timeZone = zone[1]!;
  return { form, fields };
}

async function stateOf(commitmentId: string): Promise<LoopState> {
  const read = await d.deps.loop.get(commitmentId);
  if (!read.ok || !read.value) throw new Error(`no loop state for ${commitmentId}`);
  return read.value.state;
}

const checkInKeys = async () => (await listKeys(d.h.blobs)).filter((key) => key.startsWith('check-in/') || key.includes('/check-in/'));
const emailsAbout = (id: string) => d.h.emailsFor('check-in', id);
const formActionOf = (html: string) => new URL(/<form method="post" action="([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&'), SITE_URL).href;

describe('the page a check-in link opens', () => {
  it('changes nothing however often a mail scanner opens it, with GET or HEAD', async () => {
    const { links } = await homework();
    const before = await listKeys(d.h.blobs);

    for (const url of [links.done, links.partly, links['not-yet']]) {
      for (let scan = 0; scan < 2; scan++) expect((await open(url)).status).toBe(200);
      const head = await open(url, 'HEAD');
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    }

    expect(await listKeys(d.h.blobs)).toEqual(before);
    expect(await listKeys(d.linkBlobs)).toEqual([]);
    expect(d.h.resend.sent.filter((m) => m.idempotencyKey?.startsWith('check-in/'))).toEqual([]);
  });

  it('quotes their words and the answer they chose, and has one form with a note, a file and one button', async () => {
    const { links, fields } = await homework({ what: 'Call <Sam> & ask', howWillIKnow: 'I will text you' });

    const html = await (await open(links.done)).text();

    expect(html).toContain('You said you would: <q>Call &lt;Sam&gt; &amp; ask</q>, by Tuesday, December 1, 2026 at 9:00 AM (America/Chicago).');
    expect(html).toContain('You said I would know because: <q>I will text you</q>');
    expect(html).toContain('Your answer: <strong>Done</strong>');
    expect(html).toContain(`Hi ${fields.name!.split(' ')[0]}`);
    expect(html.match(/<form/g)).toHaveLength(1);
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toMatch(/<label for="field-note">/);
    expect(html).toMatch(/<input type="file" id="field-evidence" name="evidence"/);
    expect(html).toContain('enctype="multipart/form-data"');
    expect(formActionOf(html)).toBe(links.done);
    expect(html).toContain('<a href="/my/">');
    expect(html).toContain('<a href="/stuck/">');
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('offers the other two answers of the same choice, and no file for "not yet"', async () => {
    const { links } = await homework();

    const html = await (await open(links['not-yet'])).text();

    const others = [...html.matchAll(/<a href="(\/api\/check-in\?[^"]+)">(Done|Partly)<\/a>/g)].map(([, href, label]) => [label, new URL(href!.replaceAll('&amp;', '&'), SITE_URL).href]);
    expect(others).toEqual([['Done', links.done], ['Partly', links.partly]]);
    expect(html).not.toContain('type="file"');
  });
});

describe('answering Done', () => {
  it('stores the check-in first, records it in the loop, and shows the celebration', async () => {
    const { id, fields, state, links } = await homework();
    await d.deps.loop.mark(overdueKey(id));

    const { status, html } = await answer(links.done, { note: 'Both sent on Monday.' });

    expect(status).toBe(200);
    expect(html).toContain('<h1>That is a win</h1>');
    expect(html).toContain('You said you would <q>Send two informational-interview requests</q>, and you did.');
    expect(html).toContain('Your note is with me');
    const checkIn = checkInId(state.checkInLid);
    const record = await d.h.record('check-in', checkIn);
    expect(record?.data).toEqual({ name: fields.name, email: fields.email, commitment: id, what: fields.what, answer: 'done', note: 'Both sent on Monday.' });
    expect((await stateOf(id)).answer).toEqual({ answer: 'done', at: record!.createdAt, by: 'client', checkInId: checkIn, note: 'Both sent on Monday.' });
    const marks = await listKeys(d.h.blobs);
    expect(marks).not.toContain(overdueKey(id));
    expect(marks).toContain(answeredKey(record!.createdAt, id));
    expect(await listKeys(d.linkBlobs)).toEqual([usedLinkKey(state.checkInLid)]);
  });

  it('emails the client a congratulation and the coach a win with the note, exactly once, however often it is retried or reopened', async () => {
    const { state, links, fields } = await homework();

    await answer(links.done, { note: 'Both sent on Monday.' });
    await open(links.done);
    d.h.clock.set(d.h.clock.now().toISOString(), 60 * 60_000);
    await retryPending(d.h.deps);

    const { coach, client } = emailsAbout(checkInId(state.checkInLid));
    expect(coach).toHaveLength(1);
    expect(client).toHaveLength(1);
    expect(coach[0]!.body.subject).toBe(`A win from ${fields.name}: Send two informational-interview requests`);
    expect(coach[0]!.body.text).toContain('Their note\nBoth sent on Monday.');
    expect(coach[0]!.body.to).toEqual([COACH_EMAIL]);
    expect(client[0]!.body.subject).toBe('You did it: that is a win');
    expect(client[0]!.body.to).toEqual([fields.email]);
    expect(client[0]!.body.text).toContain('You said you would “Send two informational-interview requests”, and you did. That is a win');
  });

  it('can be given before the deadline: finishing early is fine', async () => {
    d.h.clock.set('2026-11-26T08:00:00Z');
    const { id, state, links } = await homework({ when: '2026-12-10T09:00' });

    const { html } = await answer(links.done);

    expect(html).toContain('That is a win');
    const { answer: given } = await stateOf(id);
    expect(given?.answer).toBe('done');
    expect(Date.parse(given!.at)).toBeLessThan(Date.parse(state.deadline));
  });
});

describe('answering Partly or Not yet', () => {
  it('says so without blame, tells the coach, and offers the homework form filled in with their words and what it follows', async () => {
    const { id, state, links, fields } = await homework({ what: 'Write the first "draft"', howWillIKnow: 'I send it to you', timeZone: 'Europe/Berlin', when: '2026-12-01T18:00' });

    const { status, html } = await answer(links.partly, { note: 'The week ran away from me.' });

    expect(status).toBe(200);
    expect(html).toContain('<h1>Thank you for telling me</h1>');
    expect(html).toContain('That happens, and there is no blame in it. What got in the way is useful to know');
    const { form, fields: prefilled } = formOf(html, '/api/commitments');
    expect(prefilled).toEqual({ name: fields.name, email: fields.email, follows: id, what: 'Write the first "draft"', howWillIKnow: 'I send it to you', timeZone: 'Europe/Berlin' });
    expect(form).toMatch(/<input type="datetime-local" id="new-field-when" name="when" required min="2026-11-25T13:00"/);
    expect(form.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('<a href="/stuck/">');

    const { coach, client } = emailsAbout(checkInId(state.checkInLid));
    expect(coach.map((m) => m.body.subject)).toEqual([`A check-in (partly done) from ${fields.name}: Write the first "draft"`]);
    expect(coach[0]!.body.text).toContain('Their note\nThe week ran away from me.');
    expect(client.map((m) => m.body.subject)).toEqual(['Thank you for telling me how it went']);
    expect(client[0]!.body.text).toContain('there is no blame in it');
  });

  it('records "not yet" and offers the same form', async () => {
    const { id, links } = await homework();

    const { html } = await answer(links['not-yet']);

    expect(html).toContain('and it is not done yet');
    expect(formOf(html, '/api/commitments').fields.follows).toBe(id);
    expect((await stateOf(id)).answer?.answer).toBe('not-yet');
  });

  it('lets the new homework follow the old: the coach hears "a new date for", and the old loop closes', async () => {
    const { id, links, fields } = await homework({ what: 'Write the whole chapter' });
    const { html } = await answer(links.partly);
    const { fields: posted } = formOf(html, '/api/commitments');

    const sent = await handleSubmission(formPost('commitment', { ...posted, what: 'Write the first page', when: '2026-12-08T09:00', followsWhat: 'forged words' }, { encoding: 'urlencoded', accept: 'text/html' }), d.h.deps.handlers.commitment, d.h.deps);
    expect(sent.status).toBe(303);
    const newId = new URL(sent.headers.get('location')!, SITE_URL).searchParams.get('ref')!;
    const record = (await d.h.record('commitment', newId)) as SubmissionRecord;
    expect(record.data).toMatchObject({ follows: id, followsWhat: 'Write the whole chapter', what: 'Write the first page', email: fields.email });
    const coach = d.h.emailsFor('commitment', newId).coach[0]!.body;
    expect(coach.subject).toMatch(/^New date for homework from /);
    expect(coach.text).toContain('A new date for: “Write the whole chapter”.');

    const closed = await closeFollowed(record as never, d.deps);

    expect(closed).toEqual({ ok: true, value: { follows: id, closed: true } });
    expect((await stateOf(id)).closedBy).toBe(newId);
    // Idempotent: the loop's start may run it again after a crash.
    expect(await closeFollowed(record as never, d.deps)).toEqual({ ok: true, value: { follows: id, closed: true } });
  });

  it('ignores a follows that is not the same client’s homework, and keeps the new homework', async () => {
    const theirs = await homework();
    const fields = VALID.commitment({ follows: theirs.id, followsWhat: 'not mine' });

    const sent = await handleSubmission(formPost('commitment', fields), d.h.deps.handlers.commitment, d.h.deps);

    expect(sent.status).toBe(201);
    const record = (await d.h.record('commitment', fields.id!)) as SubmissionRecord;
    expect(record.data.follows).toBeUndefined();
    expect(record.data.followsWhat).toBeUndefined();
    expect(await closeFollowed({ ...record, data: { ...record.data, follows: theirs.id } } as never, d.deps)).toEqual({ ok: true, value: { closed: false } });
    expect((await stateOf(theirs.id)).closedBy).toBeUndefined();
  });
});

describe('a link that cannot be used', () => {
  it('says a used link has been used, whichever answer is pressed next, and stores and sends nothing more', async () => {
    const { state, links } = await homework();
    await answer(links.done);

    for (const url of [links.done, links.partly]) {
      const again = await press(url, { note: 'again' });
      expect(again.status).toBe(410);
      expect(await again.text()).toContain('This link has already been used');
    }

    const keys = await checkInKeys();
    expect(keys.filter((key) => key.startsWith('check-in/'))).toEqual([`check-in/${checkInId(state.checkInLid)}`]);
    expect(keys.filter((key) => key.startsWith('clients/'))).toHaveLength(1);
    const { coach, client } = emailsAbout(checkInId(state.checkInLid));
    expect([coach.length, client.length]).toEqual([1, 1]);
  });

  it('refuses a changed link, opened or pressed, and records nothing', async () => {
    const { links } = await homework();
    const changed = new URL(links.partly);
    changed.searchParams.set('a', 'done');

    for (const response of [await open(changed.href), await press(changed.href)]) {
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('This link has been changed since it was sent');
    }
    expect(await checkInKeys()).toEqual([]);
    expect(await listKeys(d.linkBlobs)).toEqual([]);
  });

  it('refuses an expired link with plain words', async () => {
    const { state, links } = await homework();
    d.h.clock.set(state.deadline, (CHECK_IN_LINK_DAYS + 1) * 24 * 3600_000);

    for (const response of [await open(links.done), await press(links.done)]) {
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('This link has expired');
    }
    expect(await checkInKeys()).toEqual([]);
  });

  it('stores nothing twice when the link is pressed again after a crash left it unmarked', async () => {
    const { state, links } = await homework();
    await answer(links.done, { note: 'first' });
    // As if marking the link used had failed and its claim had lapsed.
    await d.linkBlobs.delete(usedLinkKey(state.checkInLid));

    const { html } = await answer(links.partly, { note: 'second' });

    expect(html).toContain('That is a win');
    const record = await d.h.record('check-in', checkInId(state.checkInLid));
    expect(record?.data).toMatchObject({ answer: 'done', note: 'first' });
    expect((await checkInKeys()).filter((key) => key.startsWith('check-in/'))).toHaveLength(1);
    const { coach, client } = emailsAbout(checkInId(state.checkInLid));
    expect([coach.length, client.length]).toEqual([1, 1]);
  });
});

describe('a check-in stored when its function died before the loop heard of it', () => {
  it('is recorded by the retry job’s step, once, and the link then shows what was recorded', async () => {
    const { id, state, links, fields } = await homework();
    const checkIn = checkInId(state.checkInLid);
    const stored = await acceptSubmission(
      checkInForm,
      { fields: { id: checkIn, name: fields.name, email: fields.email, commitment: id, what: fields.what, answer: 'done', note: 'Done!' }, files: {}, receivedAt: d.h.clock.now() },
      d.h.deps,
    );
    expect(stored.ok).toBe(true);
    const record = (await d.h.record('check-in', checkIn))!;

    const first = await recordStoredCheckIn(record, d.deps);
    d.h.clock.set(d.h.clock.now().toISOString(), 15 * 60_000);
    const again = await recordStoredCheckIn(record, d.deps);

    expect(first.ok && first.value?.outcome).toBe('recorded');
    expect(again.ok && again.value?.outcome).toBe('recorded');
    expect((await stateOf(id)).answer).toEqual({ answer: 'done', at: record.createdAt, by: 'client', checkInId: checkIn, note: 'Done!' });
    expect(await (await open(links.partly)).text()).toContain('That is a win');
    expect(await recordStoredCheckIn((await d.h.record('commitment', id))!, d.deps)).toEqual({ ok: true, value: null });
  });
});

describe('the retry job and a check-in whose answer never reached the loop', () => {
  it('records the answer before it lets the check-in go, and keeps the check-in waiting while the loop cannot hear it', async () => {
    const { id, fields } = await homework();
    const checkIn = checkInId(newLinkId());
    const stored = await acceptSubmission(
      checkInForm,
      { fields: { id: checkIn, name: fields.name, email: fields.email, commitment: id, what: fields.what, answer: 'partly', note: 'Half of it.' }, files: {}, receivedAt: d.h.clock.now() },
      d.h.deps,
    );
    expect(stored.ok).toBe(true);
    const pendingKey = `pending/check-in/${checkIn}`;

    // The loop's store fails: the check-in stays pending, so nothing is forgotten.
    const loopDown = { ...d.h.deps, loop: { ...d.deps.loop, update: async () => ({ ok: false as const, error: { name: 'StoreTimeout' } }) } };
    const failing = { ...loopDown, handlers: formHandlers(loopDown) };
    await retryPending(failing);
    expect(await checkInKeys()).toContain(pendingKey);
    expect((await stateOf(id)).answer).toBeUndefined();

    await retryPending(d.h.deps);

    expect((await stateOf(id)).answer).toMatchObject({ answer: 'partly', by: 'client', checkInId: checkIn, note: 'Half of it.' });
    expect(await checkInKeys()).not.toContain(pendingKey);
  });
});

describe('a file with the answer', () => {
  it('is judged like the intake’s, stored with the check-in and attached to the coach’s email', async () => {
    const { state, links } = await homework();

    const { html } = await answer(links.done, { note: 'Sent both.', file: fileOf(pdfBytes(), 'sent emails.pdf', 'application/pdf') });

    expect(html).toContain('Your note and your file “sent-emails.pdf” are with me');
    const record = await d.h.record('check-in', checkInId(state.checkInLid));
    expect(record?.data.evidence).toMatchObject({ fileName: 'sent-emails.pdf', contentType: 'application/pdf' });
    expect((await stateOf(state.commitmentId)).answer?.files).toEqual(['sent-emails.pdf']);
    const coach = emailsAbout(checkInId(state.checkInLid)).coach[0]!.body;
    expect(coach.attachments?.map((a) => a.filename)).toEqual(['sent-emails.pdf']);
  });

  it('is refused when it is not a document, with the note kept, nothing stored, and the link still working', async () => {
    const { state, links } = await homework();
    const page = new File([new TextEncoder().encode('<html><script>alert(1)</script></html>')], 'proof.txt', { type: 'text/plain' });

    const refused = await press(links.done, { note: 'Sent both <b>today</b>.', file: page });

    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('<textarea id="field-note" name="note" rows="5" maxlength="4000" aria-describedby="field-note-help">Sent both &lt;b&gt;today&lt;/b&gt;.</textarea>');
    expect(html).toMatch(/<input type="file" id="field-evidence" name="evidence" accept="[^"]+" aria-describedby="field-evidence-help field-evidence-error" aria-invalid="true">/);
    expect(html).toMatch(/<p class="field__error" id="field-evidence-error">[^<]*proof\.txt[^<]*Please choose the file again, or leave it out\.<\/p>/);
    expect(html).toContain('<a href="#field-evidence">');
    expect(await checkInKeys()).toEqual([]);
    expect(await listKeys(d.linkBlobs)).toEqual([]);

    const { html: shown } = await answer(links.done, { note: 'Sent both today.' });
    expect(shown).toContain('That is a win');
    expect((await d.h.record('check-in', checkInId(state.checkInLid)))?.data.note).toBe('Sent both today.');
  });

  it('is refused by its name before its bytes are read: a program is never a document', async () => {
    const { links } = await homework();

    const refused = await press(links.partly, { note: 'kept', file: fileOf(pdfBytes(), 'run.exe', 'application/octet-stream') });

    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('“run.exe” is not a file type I can accept.');
    expect(await checkInKeys()).toEqual([]);
  });
});

describe('the coach recording an answer from the desk', () => {
  it('records it as the coach’s, emails no one, logs it, and the client’s link then says so kindly and changes nothing', async () => {
    const cookie = await d.signIn();
    const { id, state, links, fields } = await homework();
    const sentBefore = d.h.resend.sent.length;

    const recorded = await d.request('/api/coach/check-ins', { method: 'POST', cookie, form: { client: state.clientHash, commitment: id, answer: 'done', note: 'Told me on our call.' } });

    expect(recorded.status).toBe(303);
    expect(recorded.headers.get('location')).toBe(`/coach/clients/${state.clientHash}/?done=check-in-recorded#commitment-${id}`);
    expect((await stateOf(id)).answer).toEqual({ answer: 'done', at: d.h.clock.now().toISOString(), by: 'coach', note: 'Told me on our call.' });
    expect(await listKeys(d.h.blobs)).toContain(answeredKey(d.h.clock.now(), id));
    expect(d.h.resend.sent.length).toBe(sentBefore);
    const activity = await (await d.request('/coach/activity/', { cookie })).text();
    expect(activity).toContain('Recorded how homework went');

    const opened = await (await open(links.partly)).text();
    expect(opened).toContain('<h1>Already noted</h1>');
    expect(opened).toContain('I have already noted how this went: <strong>Done</strong>');
    expect(opened).not.toContain('<button');

    const pressed = await press(links.partly, { note: 'It was only partly, really.' });
    expect(pressed.status).toBe(200);
    const said = await pressed.text();
    expect(said).toContain('Already noted');
    expect(said).toContain('It was only partly, really.');
    expect(await checkInKeys()).toEqual([]);
    // Only the homework's own receipt ever went to the client.
    expect(d.h.resend.sent.filter((m) => m.body.to.includes(fields.email!)).map((m) => m.idempotencyKey)).toEqual([`commitment/${id}/client`]);
  });

  it('keeps the first answer when the client answered first, and says so', async () => {
    const cookie = await d.signIn();
    const { id, state, links } = await homework();
    await answer(links.done);

    const recorded = await d.request('/api/coach/check-ins', { method: 'POST', cookie, form: { client: state.clientHash, commitment: id, answer: 'not-yet' } });

    expect(recorded.headers.get('location')).toContain('done=check-in-already');
    expect((await stateOf(id)).answer?.by).toBe('client');
  });

  it('records nothing for a commitment that is not this client’s, nor without a session', async () => {
    const cookie = await d.signIn();
    const { id } = await homework();
    const other = await homework();

    const mismatched = await d.request('/api/coach/check-ins', { method: 'POST', cookie, form: { client: other.state.clientHash, commitment: id, answer: 'done' } });
    const signedOut = await d.request('/api/coach/check-ins', { method: 'POST', form: { client: other.state.clientHash, commitment: other.id, answer: 'done' } });

    expect(mismatched.headers.get('location')).toContain('done=gone');
    expect(signedOut.status).toBe(401);
    for (const commitment of [id, other.id]) expect((await stateOf(commitment)).answer).toBeUndefined();
  });

  it('offers its small form only while the commitment is open', async () => {
    const { state } = await homework();

    const form = coachCheckInForm(state).toString();

    expect(form).toContain('action="/api/coach/check-ins"');
    expect(form.match(/type="radio" name="answer"/g)).toHaveLength(3);
    expect(form).toContain(`<label for="check-in-note-${state.commitmentId}">`);
    expect(coachCheckInForm({ ...state, answer: { answer: 'done', at: state.startedAt, by: 'coach' } })).toBe('');
    expect(coachCheckInForm({ ...state, closedBy: 'another' })).toBe('');
  });
});
