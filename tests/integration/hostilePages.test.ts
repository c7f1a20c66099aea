/**
 * The hostile-input property of properties.test.ts, for every page the server builds rather
 * than its emails: the desk's pages, a client's /my/ page, the check-in and link pages, the
 * comment pages, the refusals of web/respond.ts, the local outbox and the content problem page.
 * Hostile text goes into every field a person types (tags, attribute breakouts, `javascript:`
 * addresses, quotes, ampersands, bidi characters), through the real pipeline, the real local
 * blob server and the fake Resend, and no page may carry markup that text made: no script, no
 * element a page never writes, no event-handler attribute, no `javascript:` address.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMITMENT_FIELDS } from '#src/forms/commitment.ts';
import { handleCheckIn } from '#server/checkIn/checkInAction.ts';
import type { CheckInDeps } from '#server/checkIn/checkInDeps.ts';
import { html } from '#server/web/html.ts';
import { confirmPage } from '#server/links/linkPages.ts';
import { checkInLinks } from '#server/loop/loopLinks.ts';
import { clientPath, DESK_OVERDUE_PATH, DESK_STUCK_PATH, DESK_TEXTS_PATH } from '#server/paths.ts';
import { emailHash } from '#server/submissions/submissionStore.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { failure, invalid, page } from '#server/web/respond.ts';
import { problemPage } from '#integrations/content/problemPage.ts';
import { renderOutboxPage } from '#local/outboxPage.ts';
import { aComment, useComments } from '../support/comments';
import { SECRET } from '../support/desk';
import { formPost, HANDLERS, VALID } from '../support/forms';
import { clientPages, cookieOf } from '../support/myPage';
import { SITE_URL } from '../support/pipeline';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '" onmouseover="alert(1)',
  "' autofocus onfocus='alert(1)",
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.cookie)//',
  '</textarea><script>alert(1)</script>',
  '</title><iframe src=javascript:alert(1)>',
  'Tom & Jerry say "hi" and \'bye\' &amp; &lt;b&gt;',
  '\u202eevil\u202c and \u2066isolated\u2069',
];

/** A hostile piece of text, alone or around ordinary words (some fields need something around it). */
const hostile = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.tuple(fc.constantFrom(...HOSTILE), fc.constantFrom(...HOSTILE)).map(([a, b]) => `Plain words ${a} then ${b}`),
);

/** Elements a hostile value would bring in and no server page writes. */
const FOREIGN_ELEMENTS = /<(script|img|svg|iframe|object|embed|math|style|base|link(?![^>]*rel="stylesheet"))\b/i;

/** No markup came from the text: checked on the page as the browser gets it. */
function expectNoInjectedMarkup(body: string, { iframes = false } = {}): void {
  expect(body).not.toMatch(/<script/i);
  const foreign = FOREIGN_ELEMENTS.exec(body);
  if (foreign && !(iframes && foreign[1]!.toLowerCase() === 'iframe')) expect.fail(`<${foreign[1]}> on the page: ${body.slice(Math.max(0, foreign.index - 80), foreign.index + 120)}`);
  for (const [tag] of body.matchAll(/<[a-zA-Z][^>]*>/g)) {
    // What is inside an attribute's quotes is its value; an attribute the text made would stand outside them.
    const outside = tag.replace(/"[^"]*"/g, '""');
    expect(outside, 'an event-handler attribute').not.toMatch(/\son[a-z]+\s*=/i);
    expect(outside, 'an attribute the text made').not.toMatch(/\s(autofocus|onerror|onload|onfocus|onmouseover)\b/i);
    expect(outside, 'a quote outside a value').not.toMatch(/'/);
  }
  for (const [, , address] of body.matchAll(/\s(href|src|action|formaction|srcdoc)\s*=\s*"([^"]*)"/gi)) {
    expect(address!.trim(), 'a javascript: address').not.toMatch(/^\s*javascript:/i);
  }
}

const textOf = async (response: Response | Promise<Response>) => {
  const answered = await response;
  expect(answered.status).toBeLessThan(500);
  return answered.text();
};

describe('the pages built without a store, whatever text they are given', () => {
  it('form refusals (web/respond.ts) escape labels, messages and headings', async () => {
    const browser = new Request(SITE_URL, { headers: { Accept: 'text/html' } });
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, hostile, async (label, message, heading, title) => {
        expectNoInjectedMarkup(await textOf(invalid(browser, { what: [message, message], [label]: [message] }, { what: { ...COMMITMENT_FIELDS.what, label } })));
        expectNoInjectedMarkup(await textOf(failure(browser, 400, 'bad', message, {}, heading)));
        expectNoInjectedMarkup(await textOf(page(200, title, html`<p>${message}</p>`)));
      }),
      { numRuns: 40 },
    );
  });

  it('a link page escapes its words and the address it posts to', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, hostile, async (title, intro, button, query) => {
        // The page posts back to the link it was opened at: that link's path and query, whatever the query holds.
        const opened = new URL(`/api/check-in?x=${query}&y="${query}`, SITE_URL);
        expectNoInjectedMarkup(await textOf(confirmPage({ title, intro, button }, `${opened.pathname}${opened.search}`)));
      }),
      { numRuns: 40 },
    );
  });

  it('the local outbox shows every email, its HTML only inside a sandboxed srcdoc', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 8, maxLength: 8 }), ([subject, from, to, replyTo, text, name, value, filename]) => {
        const body = renderOutboxPage([
          {
            subject: subject!,
            from: from!,
            to: [to!, to!],
            replyTo: replyTo!,
            createdAt: text!,
            headers: { [name!]: value! },
            attachments: [{ filename: filename!, contentType: value!, size: 3 }],
            text: text!,
            html: `<p>${subject!}</p><script>alert(1)</script>`,
          } as never,
        ]);
        expectNoInjectedMarkup(body, { iframes: true });
        expect(body.match(/<iframe\b/g)).toHaveLength(1);
      }),
      { numRuns: 40 },
    );
  });

  it('the content problem page escapes the file and its message', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (file, message) => {
        expectNoInjectedMarkup(await problemPage([{ file, line: 3, message, collection: 'blog', slug: 'x' } as never]).text());
      }),
      { numRuns: 20 },
    );
  });
});

describe('the pages built from what people sent', () => {
  const c = useComments();
  const checkInDeps = (): CheckInDeps => ({ ...c.deps, signing: { ready: true, secret: SECRET } });

  /** Stores a form through the real pipeline with hostile text in the given fields; a refusal must be clean too. */
  async function send(kind: 'intake' | 'commitment' | 'stuck' | 'reflection', changes: Record<string, string>): Promise<boolean> {
    const response = await handleSubmission(formPost(kind, VALID[kind](changes), { encoding: 'urlencoded', accept: 'text/html' }), HANDLERS[kind], c.h.deps);
    if (response.status === 303) return true;
    expect(response.status).toBeLessThan(500);
    expectNoInjectedMarkup(await response.text());
    return false;
  }

  it('the desk, a client’s own page, the check-in and stop pages escape every typed field', async () => {
    const cookie = await c.signIn();
    const client = clientPages(c);
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 6, maxLength: 6 }), async ([name, what, how, words, note, more]) => {
        const email = `hostile-${Math.random().toString(36).slice(2, 10)}@example.org`;
        // The name first as it is, then inside words, so a refused name still leaves the rest stored.
        const who = (await send('intake', { email, name: name!, currentSituation: words!, whyNow: note!, goals: more! })) ? name! : `Ada ${name!}`;
        await send('intake', { email, name: who, currentSituation: words!, whyNow: note!, goals: more! });
        await send('stuck', { email, name: who, what: words! });
        await send('reflection', { email, name: who });
        const { state } = await client.homework({ email, name: who, what: what!, howWillIKnow: how! });
        const hash = emailHash(email);

        for (const path of ['/coach/', clientPath(hash), `${clientPath(hash)}reading/`, DESK_STUCK_PATH, DESK_OVERDUE_PATH, DESK_TEXTS_PATH, '/coach/pending/', '/coach/spam/', '/coach/activity/', '/coach/comments/']) {
          expectNoInjectedMarkup(await textOf(c.request(path, { cookie })));
        }

        const signedIn = await client.my(client.myLink(email), { method: 'POST' });
        expect(signedIn.status).toBe(303);
        expectNoInjectedMarkup(await textOf(client.my('/my/', { cookie: cookieOf(signedIn) })));
        expectNoInjectedMarkup(await textOf(client.stop(client.stopLink(email))));

        const links = checkInLinks(state, { secret: SECRET, siteUrl: SITE_URL }, state.checkInLid);
        const open = (url: string, init: RequestInit = {}) => handleCheckIn(new Request(url, { headers: { 'sec-fetch-site': 'none' }, ...init }), checkInDeps());
        expectNoInjectedMarkup(await textOf(open(links.partly)));
        // A note too long to keep: the page again, with what was typed in it.
        const refused = await open(links.partly, {
          method: 'POST',
          headers: { Origin: SITE_URL, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ note: `${note!} ${'x'.repeat(20_000)}` }),
        });
        expectNoInjectedMarkup(await textOf(refused));
        const answered = await open(links.done, {
          method: 'POST',
          headers: { Origin: SITE_URL, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ note: note! }),
        });
        expectNoInjectedMarkup(await textOf(answered));
        expectNoInjectedMarkup(await textOf(c.request(clientPath(hash), { cookie })));
      }),
      { numRuns: 4 },
    );
  }, 120_000);

  it('the comment pages, and the pages its emailed links open, escape every typed field', async () => {
    const cookie = await c.signIn();
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 5, maxLength: 5 }), async ([comment, name, website, reply, post]) => {
        // A comment refused (a hostile address, a post that is not one) shows the form again with what was typed.
        expectNoInjectedMarkup(await textOf(c.post(aComment({ comment: comment!, name: name!, website: website!, email: `${name!}@` }))));
        expectNoInjectedMarkup(await textOf(c.post(aComment({ comment: comment!, name: name!, post: post! }))));
        // One that is kept: the thank-you page shows it back.
        expectNoInjectedMarkup(await textOf(c.post(aComment({ comment: comment!, name: `Grace ${name!}` }))));
        // A name may not hold control or text-direction characters (refused, above): the kept one is the rest of it.
        const stored = await c.post(aComment({ comment: comment!, name: `Grace ${name!.replace(/[\p{Cc}\p{Cf}]/gu, '')}`, notify: 'on' }), { json: true });
        expect(stored.status).toBe(201);
        const { id } = (await stored.json()) as { id: string };
        await Promise.all(c.background);

        const links = c.linksFor(id);
        expectNoInjectedMarkup(await textOf(c.open(links.approve)));
        expectNoInjectedMarkup(await textOf(c.open(links.reply)));
        // A reply too long: the page again, with what was typed.
        expectNoInjectedMarkup(await textOf(c.open(links.reply, { method: 'POST', form: { reply: `${reply!} ${'x'.repeat(20_000)}` } })));
        expectNoInjectedMarkup(await textOf(c.open(links.reply, { method: 'POST', form: { reply: reply! } })));
        expectNoInjectedMarkup(await textOf(c.request('/coach/comments/', { cookie })));
      }),
      { numRuns: 4 },
    );
  }, 120_000);
});
