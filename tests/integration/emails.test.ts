import type { Store } from '@netlify/blobs';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { COMMITMENT_EVENT_MINUTES } from '#src/forms/commitment.ts';
import type { FormKind } from '#src/forms/kinds.ts';
import { handleSubmission, type SubmissionDeps } from '#server/submissions/handleSubmission.ts';
import { retryPending } from '#server/submissions/retryPending.ts';
import { openSubmissionStore } from '#server/lifecycle/clientStores.ts';
import { fileOf, pdfBytes } from '../support/documents';
import { formPost, HANDLERS, handlersOf, KINDS, VALID, type Changes, type Fields } from '../support/forms';
import { SITE_URL, useHarness } from '../support/pipeline';

const h = useHarness();

async function send(kind: FormKind, fields: Fields) {
  const response = await handleSubmission(formPost(kind, fields, { encoding: 'multipart' }), handlersOf(h.deps)[kind], h.deps);
  expect(response.status).toBe(201);
  const { coach, client } = h.emailsFor(kind, fields.id!);
  return { coach: coach[0]!.body, client: client[0]!.body };
}

describe('text a client typed', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const IMAGE = '<img src=x onerror=alert(1)>';
  /** A long answer of each form, where the hostile text goes. */
  const LONG_FIELD: Record<FormKind, string> = {
    intake: 'obstacles',
    commitment: 'what',
    response: 'answers.surprise',
    reflection: 'reflection',
    stuck: 'what',
  };

  it.each(KINDS)('arrives escaped in both emails of a %s', async (kind) => {
    const changes: Changes = { name: SCRIPT, [LONG_FIELD[kind]]: `Before ${IMAGE} after` };

    const { coach, client } = await send(kind, VALID[kind](changes));

    expect(coach.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(coach.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(client.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const html of [coach.html, client.html]) {
      expect(html).not.toContain('<script');
      expect(html).not.toMatch(/<img/i);
    }
    expect(coach.text).toContain(SCRIPT);
  });

  it('cannot add a header through a line break in the name', async () => {
    const { coach } = await send('reflection', VALID.reflection({ name: 'Ada\r\nBcc: someone@evil.test' }));

    expect(coach.subject).not.toMatch(/[\r\n]/);
    expect(coach.reply_to).not.toMatch(/[\r\n]/);
  });
});

describe('greeting the client', () => {
  it('uses the name they asked to be called on the intake', async () => {
    const { client } = await send('intake', VALID.intake({ preferredName: 'Addie' }));

    expect(client.text).toMatch(/^Hi Addie,\n\n/);
  });

  it('uses the first word of their name otherwise', async () => {
    const { client } = await send('reflection', VALID.reflection({ name: '  Ada   King Lovelace ' }));

    expect(client.text).toMatch(/^Hi Ada,\n\n/);
  });
});

/** The homework event in a commitment's client email, as a calendar reads it. */
function calendarEvent(client: { attachments?: { filename: string; content: string; content_type?: string }[] }) {
  const ics = client.attachments?.find((a) => a.filename === 'homework.ics');
  if (!ics) throw new Error('the client email has no homework.ics');
  const text = Buffer.from(ics.content, 'base64').toString('utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { text, contentType: ics.content_type, calendar, vevent, event: new ICAL.Event(vevent) };
}

describe('the calendar file sent with a commitment', () => {
  it('puts a winter deadline in Chicago at the right instant', async () => {
    const fields = VALID.commitment({ when: '2026-12-01T09:00', timeZone: 'America/Chicago' });

    const { client } = await send('commitment', fields);

    const { event, contentType } = calendarEvent(client);
    expect(contentType).toMatch(/^text\/calendar/);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(COMMITMENT_EVENT_MINUTES * 60_000);
    expect(event.uid).toContain(fields.id);
  });

  it('puts a summer deadline in Berlin at the right instant', async () => {
    const { client } = await send('commitment', VALID.commitment({ when: '2027-07-15T18:30', timeZone: 'Europe/Berlin' }));

    expect(calendarEvent(client).event.startDate.toJSDate().toISOString()).toBe('2027-07-15T16:30:00.000Z');
  });

  it('tells the client the deadline in their own time zone', async () => {
    const { client } = await send('commitment', VALID.commitment({ when: '2026-12-01T09:00', timeZone: 'America/Chicago' }));

    expect(client.subject).toContain('December 1, 2026');
    expect(client.text).toMatch(/December 1, 2026,? at 9:00\s?AM \(America\/Chicago\)/);
  });

  it('carries the client’s own words, commas, semicolons, backslashes and line breaks intact', async () => {
    const what = 'Call Sam, Priya; then Jo\\Jay.\nAfter that: book the room, 2nd floor';
    const howWillIKnow = 'I will text you "done"; or, failing that, email.';

    const { client } = await send('commitment', VALID.commitment({ what, howWillIKnow }));

    const { event } = calendarEvent(client);
    expect(event.summary).toBe(`Homework: ${what}`);
    expect(event.description).toBe(`How I will know: ${howWillIKnow}`);
  });

  it('folds long lines without breaking words in other scripts', async () => {
    const what = 'Écrire à la propriétaire du café — demander le créneau du jeudi, et l’idée de Zoë ✓ '.repeat(3).trim();

    const { client } = await send('commitment', VALID.commitment({ what }));

    const { text, event } = calendarEvent(client);
    expect(event.summary).toBe(`Homework: ${what}`);
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('goes to the coach too, the same event, with the deadline in the coach’s words', async () => {
    const { coach, client } = await send('commitment', VALID.commitment({ when: '2026-12-01T18:00', timeZone: 'Europe/London' }));

    expect(coach.attachments?.map((a) => a.filename)).toEqual(['homework.ics']);
    expect(coach.attachments![0]!.content).toBe(client.attachments![0]!.content);
    expect(coach.subject).toBe('Homework from Ada Lovelace: due Tue, Dec 1');
    expect(coach.text).toContain('Tuesday, December 1, 2026 at 6:00 PM their time (Europe/London), which is 12:00 PM your time (America/Chicago)');
  });

  it('reminds the client an hour before and links back to the homework page', async () => {
    const { client } = await send('commitment', VALID.commitment());

    const { vevent } = calendarEvent(client);
    const alarm = vevent.getFirstSubcomponent('valarm')!;
    expect((alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()).toBe(-3600);
    expect(vevent.getFirstPropertyValue('url')).toBe(new URL('/homework/', SITE_URL).href);
  });
});

describe('an upload that cannot be read when the coach’s email is built', () => {
  /** The pipeline's store over the same blobs, but unable to read uploads while `broken.on` is true. */
  function withUnreadableUploads() {
    const broken = { on: true };
    const blobs = new Proxy(h.blobs, {
      get(target, key) {
        const value = Reflect.get(target, key) as unknown;
        if (typeof value !== 'function') return value;
        if (key !== 'get') return value.bind(target);
        return (blobKey: string, options: unknown) => (broken.on && blobKey.startsWith('uploads/') ? Promise.reject(new Error('unavailable')) : value.call(target, blobKey, options));
      },
    }) as Store;
    return { broken, deps: { ...h.deps, store: openSubmissionStore(blobs) } };
  }

  async function sendWithResume(deps: SubmissionDeps) {
    const fields = VALID.intake();
    const response = await handleSubmission(
      formPost('intake', fields, { encoding: 'multipart', files: { resume: fileOf(pdfBytes(), 'resume.pdf', 'application/pdf') } }),
      HANDLERS.intake,
      deps,
    );
    expect(response.status).toBe(201);
    return fields.id!;
  }

  it('keeps the email back, rather than sending it once without the file', async () => {
    const { deps } = withUnreadableUploads();

    const id = await sendWithResume(deps);
    h.clock.set(h.clock.now().toISOString(), 60 * 60_000);
    await retryPending(deps);

    const record = (await h.record('intake', id))!;
    expect(record.notifications.coach).toMatchObject({ status: 'pending', lastError: 'upload_unreadable' });
    expect(h.emailsFor('intake', id).coach).toEqual([]);
    expect(h.emailsFor('intake', id).client).toHaveLength(1);
  });

  it('sends it with the file once the file can be read again', async () => {
    const { broken, deps } = withUnreadableUploads();
    const id = await sendWithResume(deps);

    broken.on = false;
    h.clock.set((await h.record('intake', id))!.notifications.coach.nextAttemptAt!);
    await retryPending(deps);

    expect(h.emailsFor('intake', id).coach[0]!.body.attachments).toHaveLength(1);
  });

  it('sends it without the file after a day, saying so plainly, and flags the record', async () => {
    const { deps } = withUnreadableUploads();
    const id = await sendWithResume(deps);

    h.clock.set(h.clock.now().toISOString(), 24 * 60 * 60_000 + 1);
    await retryPending(deps);

    const [coach] = h.emailsFor('intake', id).coach.map((email) => email.body);
    expect(coach!.attachments).toBeUndefined();
    expect(coach!.subject).toMatch(/^\[Check: file missing\] /);
    expect(coach!.text).toMatch(/^Not attached: resume\.pdf\. .+ could not be read back from storage for a day/m);
    expect(coach!.text).toMatch(/resume\.pdf \(.+, NOT attached: it could not be read\)/);
    expect(coach!.text).not.toMatch(/resume\.pdf \(.+, attached\)/);
    const record = (await h.record('intake', id))!;
    expect(record.notifications.coach.status).toBe('sent');
    expect(record.flags).toContain('attachment-missing');
  });
});
