/** The inbox on the desk: every submission as it arrives, newest first, with its state; filters, search and pages. */
import { describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '#src/forms/spamFields.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { retryPending } from '#server/submissions/retryPending.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { useDesk } from '../support/desk';
import { formPost, handlersOf, VALID, type Fields } from '../support/forms';
import type { SubmissionKind } from '#src/forms/kinds.ts';

const d = useDesk();

async function send(kind: SubmissionKind, fields: Fields) {
  const background: Promise<unknown>[] = [];
  const response = await handleSubmission(formPost(kind, fields), handlersOf(d.h.deps)[kind], d.h.deps, { waitUntil: (work) => void background.push(work) });
  await Promise.all(background);
  return response;
}

const rowsOf = (html: string) => [...html.matchAll(/<tr>\n<td>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);

describe('the inbox', () => {
  it('lists each submission as it arrives, newest first, with a one-line summary in the coach’s words and time', async () => {
    const cookie = await d.signIn();
    await send('intake', VALID.intake({ name: 'First Client', goals: 'Find work with meaning.' }));
    d.h.clock.set(d.h.clock.now().toISOString(), 60_000);
    await send('commitment', VALID.commitment({ name: 'Second Client', what: 'Call three people', when: '2026-12-01T15:00', timeZone: 'Europe/London' }));

    const rows = rowsOf(await (await d.request('/coach/', { cookie })).text());

    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Second Client');
    expect(rows[0]).toContain('Call three people — by Tuesday, December 1, 2026 at 9:00 AM (America/Chicago)');
    expect(rows[1]).toContain('First Client');
    expect(rows[1]).toContain('Find work with meaning.');
    expect(rows[1]).toContain('New');
  });

  it('shows a submission whose email is waiting, a flagged one and a held one, each with its state, and filters by them', async () => {
    const cookie = await d.signIn();
    d.h.resend.failNext(2, 'server_error');
    await send('reflection', VALID.reflection({ name: 'Waiting Client' }));
    await send('reflection', VALID.reflection({ name: 'Linky Client', reflection: 'https://a.example https://b.example https://c.example https://d.example' }));
    await send('reflection', VALID.reflection({ name: 'Bot Client', [HONEYPOT_FIELD]: 'yes' }));

    const all = await (await d.request('/coach/', { cookie })).text();
    const pending = await (await d.request('/coach/?state=pending', { cookie })).text();
    const spam = await (await d.request('/coach/?kind=spam', { cookie })).text();
    const flagged = await (await d.request('/coach/?state=flagged', { cookie })).text();

    expect(rowsOf(all)).toHaveLength(3);
    expect(rowsOf(pending).map((r) => /Waiting Client/.test(r))).toEqual([true]);
    expect(rowsOf(spam).map((r) => /Bot Client/.test(r) && /Held as spam/.test(r))).toEqual([true]);
    expect(rowsOf(flagged).map((r) => /Linky Client/.test(r))).toEqual([true]);

    d.h.clock.set(d.h.clock.now().toISOString(), 10 * 60_000);
    await retryPending({ ...d.h.deps });
    expect(rowsOf(await (await d.request('/coach/?state=pending', { cookie })).text())).toEqual([]);
  });

  it('finds a client by part of their name in any case, or by their email', async () => {
    const cookie = await d.signIn();
    const ada = VALID.reflection({ name: 'Ada Lovelace' });
    await send('reflection', ada);
    await send('reflection', VALID.reflection({ name: 'Grace Hopper' }));

    const byName = rowsOf(await (await d.request('/coach/?q=LOVE', { cookie })).text());
    const byEmail = rowsOf(await (await d.request(`/coach/?q=${encodeURIComponent(ada.email!)}`, { cookie })).text());

    expect(byName).toHaveLength(1);
    expect(byName[0]).toContain(`/coach/clients/${emailHash(ada.email!)}/`);
    expect(byEmail).toHaveLength(1);
  });

  it('pages through many submissions, 25 at a time', async () => {
    const cookie = await d.signIn();
    for (let i = 0; i < 27; i++) {
      d.h.clock.set(d.h.clock.now().toISOString(), 1000);
      await send('reflection', VALID.reflection({ name: `Client ${String(i).padStart(2, '0')}` }));
    }

    const first = await (await d.request('/coach/', { cookie })).text();
    const second = await (await d.request('/coach/?page=2', { cookie })).text();

    expect(rowsOf(first)).toHaveLength(25);
    expect(rowsOf(first)[0]).toContain('Client 26');
    expect(first).toContain('href="/coach/?page=2" rel="next"');
    expect(rowsOf(second).map((r) => /Client (\d+)/.exec(r)![1])).toEqual(['01', '00']);
    expect(second).toContain('rel="prev"');
  });

  it('escapes everything a client typed', async () => {
    const cookie = await d.signIn();
    await send('reflection', VALID.reflection({ name: '<script>alert(1)</script>', reflection: '"><img src=x onerror=alert(1)>' }));

    const html = await (await d.request('/coach/', { cookie })).text();

    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('moves a post the coach releases from "held as spam" to the submissions', async () => {
    const cookie = await d.signIn();
    const fields = VALID.reflection({ name: 'Released Client', [HONEYPOT_FIELD]: 'yes' });
    await send('reflection', fields);

    await d.request('/api/coach/spam/release', { method: 'POST', cookie, form: { id: fields.id! } });
    await Promise.all(d.background);

    const rows = rowsOf(await (await d.request('/coach/', { cookie })).text());
    expect(rows).toHaveLength(1);
    expect(rows[0]).not.toContain('Held as spam');
    expect(rows[0]).toContain('Released Client');
  });
});
