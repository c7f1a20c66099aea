import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_FIELDS, parseBody } from '#server/web/parseBody.ts';
import { browserMultipart, webkitBoundary } from '../support/forms';

const URL_ = 'https://unstuck.example.com/api/intake';

const json = (body: string) => new Request(URL_, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

async function parsed(req: Request) {
  const result = await parseBody(req);
  if (!result.ok) throw new Error(`expected the body to parse, got ${result.error.status} ${result.error.code}`);
  return result.value;
}

async function refused(req: Request) {
  const result = await parseBody(req);
  if (result.ok) throw new Error('expected the body to be refused');
  return result.error;
}

/** A body that never ends on its own, sent without a Content-Length, and whether it was cancelled. */
function endlessBody() {
  const state = { cancelled: false, sent: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      state.sent += 64 * 1024;
    },
    cancel() {
      state.cancelled = true;
    },
  });
  const request = new Request(URL_, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: stream, duplex: 'half' } as RequestInit);
  return { request, state };
}

describe('parseBody', () => {
  it.each(['text/plain', 'application/xml', ''])('refuses the content type "%s" with 415', async (type) => {
    const req = new Request(URL_, { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body: 'name=Ada' });
    if (!type) req.headers.delete('content-type');

    const error = await refused(req);

    expect(error).toMatchObject({ status: 415, code: 'unsupported_type' });
  });

  it('refuses with 413 a body whose declared length is over the limit, without reading it', async () => {
    const { request, state } = endlessBody();
    request.headers.set('content-length', String(MAX_BODY_BYTES + 1));

    const error = await refused(request);

    expect(error).toMatchObject({ status: 413, code: 'body_too_large' });
    expect(state.sent).toBeLessThanOrEqual(64 * 1024 * 2);
  });

  it('refuses with 413 a streamed body with no length once it passes the limit, and stops reading it', async () => {
    const { request, state } = endlessBody();

    const error = await refused(request);

    expect(error).toMatchObject({ status: 413, code: 'body_too_large' });
    expect(state.cancelled).toBe(true);
    expect(state.sent).toBeLessThan(MAX_BODY_BYTES + 64 * 1024 * 3);
  });

  it('takes a body of exactly the limit', async () => {
    const body = `a=${'b'.repeat(MAX_BODY_BYTES - 2)}`;

    const { fields } = await parsed(new Request(URL_, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body }));

    expect((fields.a as string).length).toBe(MAX_BODY_BYTES - 2);
  });

  it.each([
    { what: 'malformed JSON', body: '{"name": "Ada",' },
    { what: 'an empty body', body: '' },
    { what: 'a JSON array', body: '["Ada"]' },
    { what: 'a JSON string', body: '"Ada"' },
    { what: 'JSON nested deeper than a form', body: '{"answers": {"a": {"b": "c"}}}' },
  ])('refuses $what with 400 and a sentence for a person', async ({ body }) => {
    const error = await refused(json(body));

    expect(error).toMatchObject({ status: 400, code: 'unreadable_body' });
    expect(error.message).toMatch(/^The form could not be read: .+\. Please try sending it again\.$/);
  });

  it('refuses a very deeply nested JSON body with 400 instead of throwing', async () => {
    const body = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;

    const result = await parseBody(json(body));

    expect(result).toMatchObject({ ok: false, error: { status: 400, code: 'unreadable_body' } });
  });

  it('refuses JSON that is not UTF-8', async () => {
    const req = new Request(URL_, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]) });

    expect(await refused(req)).toMatchObject({ status: 400 });
  });

  it('reads JSON answers nested one level as the dotted names the HTML form uses', async () => {
    const { fields, files } = await parsed(json(JSON.stringify({ name: 'Ada', consent: true, answers: { 'top-values': 'Honesty' } })));

    expect(fields).toEqual({ name: 'Ada', consent: true, 'answers.top-values': 'Honesty' });
    expect(files).toEqual({});
  });

  it('reads a repeated urlencoded field as a list and decodes the text', async () => {
    const body = 'name=Ada+Lovelace&tag=one&tag=two&note=caf%C3%A9%20%26%20more';

    const { fields } = await parsed(new Request(URL_, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' }, body }));

    expect(fields).toEqual({ name: 'Ada Lovelace', tag: ['one', 'two'], note: 'café & more' });
  });

  it('reads multipart fields and files, keeping each file’s name, claimed type and bytes', async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff]);
    const form = new FormData();
    form.append('name', 'Ada');
    form.append('resume', new File([bytes], 'cv.pdf', { type: 'application/pdf' }));

    const { fields, files } = await parsed(new Request(URL_, { method: 'POST', body: form }));

    expect(fields).toEqual({ name: 'Ada' });
    expect(files).toEqual({ resume: { name: 'cv.pdf', type: 'application/pdf', size: bytes.length, bytes } });
  });

  it('ignores a file input left empty, sent as browsers send it', async () => {
    const { body, contentType } = browserMultipart(
      { name: 'Ada' },
      { coverLetter: { name: '', type: 'application/octet-stream', bytes: new Uint8Array() } },
      '----geckoformboundary4c1e9a7b2f',
    );

    const { fields, files } = await parsed(new Request(URL_, { method: 'POST', headers: { 'Content-Type': contentType }, body: body as BlobPart }));

    expect(fields).toEqual({ name: 'Ada' });
    expect(files).toEqual({});
  });

  it('reads a multipart body whose boundary has capital letters, as Chrome and Safari send it', async () => {
    const { body, contentType } = browserMultipart({ name: 'Ada' }, {}, webkitBoundary());

    const { fields } = await parsed(new Request(URL_, { method: 'POST', headers: { 'Content-Type': contentType }, body: body as BlobPart }));

    expect(fields).toEqual({ name: 'Ada' });
  });

  it('refuses two files sent under one name', async () => {
    const form = new FormData();
    form.append('resume', new File(['a'], 'a.txt'));
    form.append('resume', new File(['b'], 'b.txt'));

    expect(await refused(new Request(URL_, { method: 'POST', body: form }))).toMatchObject({ status: 400, code: 'unreadable_body' });
  });

  it('refuses a multipart body that does not match its boundary', async () => {
    const req = new Request(URL_, { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=abc' }, body: '--xyz\r\nnonsense' });

    expect(await refused(req)).toMatchObject({ status: 400, code: 'unreadable_body' });
  });

});

/** One name repeated `count` times, as each encoding carries a repeat. */
function repeated(encoding: 'json' | 'urlencoded' | 'multipart', count: number): Request {
  if (encoding === 'json') return json(JSON.stringify({ tag: Array.from({ length: count }, () => 'x') }));
  if (encoding === 'urlencoded') {
    return new Request(URL_, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: Array.from({ length: count }, () => 'tag=x').join('&') });
  }
  const form = new FormData();
  for (let i = 0; i < count; i++) form.append('tag', 'x');
  return new Request(URL_, { method: 'POST', body: form });
}

describe('the number of fields', () => {
  const ENCODINGS = ['json', 'urlencoded', 'multipart'] as const;

  it.each(ENCODINGS)('refuses one name repeated 40,000 times with 413, in %s', async (encoding) => {
    const error = await refused(repeated(encoding, 40_000));

    expect(error).toMatchObject({ status: 413, code: 'too_many_fields' });
    expect(error.message).toContain(`more than ${MAX_FIELDS} answers`);
  });

  it.each(ENCODINGS)('takes exactly the limit of repeats as one list, in order, in %s', async (encoding) => {
    const { fields } = await parsed(repeated(encoding, MAX_FIELDS));

    expect(fields.tag).toEqual(Array.from({ length: MAX_FIELDS }, () => 'x'));
  });

  it.each(ENCODINGS)('refuses one value past the limit, in %s', async (encoding) => {
    expect(await refused(repeated(encoding, MAX_FIELDS + 1))).toMatchObject({ status: 413, code: 'too_many_fields' });
  });

  it('refuses a post with more distinct fields than any form has', async () => {
    const body = new URLSearchParams(Array.from({ length: MAX_FIELDS + 1 }, (_, i) => [`f${i}`, 'x'])).toString();

    const error = await refused(new Request(URL_, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body }));

    expect(error).toMatchObject({ status: 413, code: 'too_many_fields' });
  });

  it('counts multipart parts from the boundaries, so the parts past the limit are never parsed', async () => {
    // Well-formed parts past the limit, then a tail the multipart parser would refuse as malformed.
    const boundary = webkitBoundary();
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="tag"\r\n\r\nx\r\n`;
    const body = `${part.repeat(MAX_FIELDS + 1)}--${boundary}\r\nnot a header at all`;

    const error = await refused(new Request(URL_, { method: 'POST', headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body }));

    expect(error).toMatchObject({ status: 413, code: 'too_many_fields' });
  });

  it.each(ENCODINGS)('keeps a field named __proto__ as a field, in %s', async (encoding) => {
    const req =
      encoding === 'json' ? json('{"__proto__": "x"}')
      : encoding === 'urlencoded' ? new Request(URL_, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '__proto__=x' })
      : multipartOf('__proto__');

    const { fields } = await parsed(req);

    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.entries(fields)).toEqual([['__proto__', 'x']]);
  });
});

function multipartOf(name: string): Request {
  const form = new FormData();
  form.append(name, 'x');
  return new Request(URL_, { method: 'POST', body: form });
}

describe('the number of files', () => {
  it('refuses more files than any form takes', async () => {
    const tiny = { name: 'a.txt', type: 'text/plain', bytes: new TextEncoder().encode('hello') };
    const boundary = webkitBoundary();
    const { body, contentType } = browserMultipart({ name: 'A' }, { resume: tiny, coverLetter: tiny, extra: tiny }, boundary);
    const error = await refused(new Request(URL_, { method: 'POST', headers: { 'Content-Type': contentType }, body }));
    expect(error).toMatchObject({ status: 400, code: 'unreadable_body' });
    expect(error.message).toMatch(/more than 2 files/);
  });
});
