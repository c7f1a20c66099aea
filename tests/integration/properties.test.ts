/**
 * Property-based tests over every endpoint: whatever arrives (random and malformed fields,
 * wrong types, unicode, control characters, huge values, deep JSON, broken multipart, wrong
 * content types), the answer is never a 5xx, nothing stored fails its form's schema, and no
 * value reaches an email unescaped. The same property for every page the server builds (desk,
 * /my/, check-in, link and comment pages, refusals, the local outbox): hostilePages.test.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormKind } from '#src/forms/kinds.ts';
import { handleSubmission } from '#server/submissions/handleSubmission.ts';
import { HANDLERS, handlersOf, KINDS, VALID } from '../support/forms';
import { startLocalBlobServer, type LocalBlobServer } from '../support/localStore';
import { createHarness, SITE_URL, TEST_CATALOG, type Harness } from '../support/pipeline';
import { SUBMISSION_KINDS } from '#src/forms/kinds.ts';
import { ELAPSED_MS_FIELD, HONEYPOT_FIELD } from '#src/forms/spamFields.ts';

let server: LocalBlobServer;
let h: Harness;
beforeAll(async () => {
  server = await startLocalBlobServer();
  h = await createHarness(server);
});
afterAll(async () => {
  await h.close();
  await server.close();
});

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'; DROP TABLE submissions; --",
  'Eve\r\nBcc: all@example.com',
  '\u0000\u0001\u0007\u001b[31m',
  '\u202eevil\u202c',
  '𝓤𝓷𝓼𝓽𝓾𝓬𝓴 👩🏽‍💻 ﷽',
  '{{constructor.constructor("x")()}}',
  '__proto__',
];

const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.constantFrom(...HOSTILE),
  fc.nat({ max: 30_000 }).map((n) => 'x'.repeat(n)),
);

const jsonValue = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 10 }), text, { maxKeys: 3 }),
);

/** Field names the form knows, plus some it does not. */
const fieldName = (kind: FormKind) =>
  fc.oneof(fc.constantFrom(...Object.keys(VALID[kind]()), 'answers.nope', HONEYPOT_FIELD, ELAPSED_MS_FIELD, 'id', 'consent'), fc.string({ maxLength: 20 }));

type Encoding = 'json' | 'urlencoded' | 'multipart' | 'other';

function request(kind: FormKind, encoding: Encoding, fields: Record<string, unknown>, rawBody?: string): Request {
  const url = new URL(SUBMISSION_KINDS[kind].endpoint, SITE_URL);
  const headers = { Accept: 'application/json' };
  if (rawBody !== undefined) {
    const type = { json: 'application/json', urlencoded: 'application/x-www-form-urlencoded', multipart: 'multipart/form-data; boundary=xYz', other: 'text/plain' }[encoding];
    return new Request(url, { method: 'POST', headers: { ...headers, 'Content-Type': type }, body: rawBody });
  }
  if (encoding === 'json') return new Request(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(fields) });
  const strings = Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''] as [string, string]);
  if (encoding === 'urlencoded') return new Request(url, { method: 'POST', headers, body: new URLSearchParams(strings) });
  if (encoding === 'multipart') {
    const form = new FormData();
    for (const [k, v] of strings) form.append(k, v);
    return new Request(url, { method: 'POST', headers, body: form });
  }
  return new Request(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/xml' }, body: strings.join('&') });
}

function submission(kind: FormKind) {
  const encoding = fc.constantFrom<Encoding>('json', 'urlencoded', 'multipart', 'other');
  const changes = fc.dictionary(fieldName(kind), jsonValue, { maxKeys: 6 });
  const deep = fc.nat({ max: 5000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
  const broken = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), deep, fc.constant('--xYz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'));
  // A valid form with hostile text in the fields a person types into, so escaping is always exercised.
  const typedFields = Object.keys(VALID[kind]()).filter((name) => !['id', 'email', 'timeZone', 'when', 'exercise', 'inquiry', 'accountability', 'consent'].includes(name));
  const hostile = fc.dictionary(fc.constantFrom(...typedFields), fc.constantFrom(...HOSTILE), { minKeys: 1, maxKeys: 3 });
  return fc.oneof(
    // Mostly a valid form with a few fields changed or added, so the storing and emailing paths run too.
    { weight: 3, arbitrary: fc.record({ encoding, changes, dropValid: fc.boolean(), raw: fc.constant(undefined) }) },
    { weight: 2, arbitrary: fc.record({ encoding, changes: hostile, dropValid: fc.constant(false), raw: fc.constant(undefined) }) },
    { weight: 1, arbitrary: fc.record({ encoding, changes: fc.constant({}), dropValid: fc.constant(false), raw: broken }) },
  ).map(({ encoding, changes, dropValid, raw }) => ({
    encoding,
    raw,
    fields: { ...(dropValid ? {} : VALID[kind]()), ...changes } as Record<string, unknown>,
  }));
}

/** The elements and attributes the email templates write (netlify/server/emails). */
const TEMPLATE_TAGS = ['html', 'head', 'meta', 'title', 'body', 'div', 'h1', 'p', 'br', 'strong', 'table', 'tr', 'th', 'td', 'a'];
const TEMPLATE_ATTRIBUTES = ['lang', 'charset', 'name', 'content', 'style', 'role', 'scope', 'href'];

describe.each(KINDS)('whatever is posted to the %s endpoint', (kind) => {
  it('is answered without a server error, stores only valid records and escapes every value in email', async () => {
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(submission(kind), async ({ encoding, raw, fields }) => {
        const sentBefore = h.resend.sent.length;
        const response = await handleSubmission(request(kind, encoding, fields, raw), handlersOf(h.deps)[kind], h.deps);

        statuses.push(response.status);
        expect(response.status).toBeLessThan(500);
        expect([201, 400, 403, 413, 415, 422]).toContain(response.status);
        const body = (await response.json()) as { id?: string };
        if (response.status !== 201) {
          expect(h.resend.sent.length).toBe(sentBefore);
          return;
        }

        const record = await h.record(kind, body.id!);
        if (!record) return; // caught as spam (a random honeypot): kept apart, never emailed
        const revalidated = HANDLERS[kind].validate(record.data, { catalog: TEST_CATALOG, now: () => h.clock.now() });
        expect(revalidated.ok, JSON.stringify(!revalidated.ok && revalidated.errors)).toBe(true);

        for (const email of h.resend.sent.slice(sentBefore)) {
          // Escaped text can never form a tag, so every tag in the email must be one the template
          // writes, with only the template's attributes: nothing a person typed became markup.
          for (const [, tag, attributes] of email.body.html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
            expect(TEMPLATE_TAGS, `<${tag}> in the email`).toContain(tag!.toLowerCase());
            for (const [, attribute] of attributes!.matchAll(/\s([\w-]+)\s*=/g)) expect(TEMPLATE_ATTRIBUTES).toContain(attribute!.toLowerCase());
          }
          // Links (the booking page, web addresses the client gave) only ever lead to http(s).
          for (const [, href] of email.body.html.matchAll(/\shref="([^"]*)"/g)) expect(href).toMatch(/^https?:\/\//);
          expect(email.body.subject).not.toMatch(/[\r\n]/);
        }
      }),
      { numRuns: 80 },
    );
    // The property means something only if both paths ran: some posts stored and emailed, some refused.
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThan(5);
    expect(statuses.filter((status) => status >= 400).length).toBeGreaterThan(5);
  });
});
