/**
 * A reader's comment becomes HTML with the safe Markdown subset and nothing else: every vector
 * below must come out as text, never as markup, a script, an image or a link that is not http(s).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMENT_LINK_REL, commenterWebsite, renderCommentBody } from '#src/comments/renderComment.ts';

/** The only elements a comment may contain, and the only attributes (on links alone). */
const ALLOWED_TAGS = new Set(['p', 'br', 'em', 'strong', 'a', 'ul', 'ol', 'li', 'blockquote', 'code']);
const ALLOWED_LINK_ATTRIBUTES = new Set(['href', 'title', 'rel']);

interface Tag {
  name: string;
  closing: boolean;
  attributes: Record<string, string>;
}

/** Every tag in the HTML, with its attributes (markdown-it writes them double-quoted, escaped). */
function tagsOf(html: string): Tag[] {
  return [...html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)].map(([, slash, name, rest]) => ({
    name: name!.toLowerCase(),
    closing: slash === '/',
    attributes: Object.fromEntries([...rest!.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)].map(([, key, value]) => [key!.toLowerCase(), value ?? ''])),
  }));
}

/** Fails with the offending HTML when it has anything a comment must not. */
function expectSafe(html: string) {
  for (const tag of tagsOf(html)) {
    expect(ALLOWED_TAGS, html).toContain(tag.name);
    if (tag.closing || tag.name !== 'a') {
      expect(tag.attributes, html).toEqual({});
      continue;
    }
    for (const attribute of Object.keys(tag.attributes)) expect(ALLOWED_LINK_ATTRIBUTES, html).toContain(attribute);
    expect(tag.attributes.href, html).toMatch(/^https?:\/\/[^/\s]/);
    expect(tag.attributes.rel, html).toBe(COMMENT_LINK_REL);
  }
  // A "<" that is not one of the allowed tags above would be raw markup.
  expect(html.replace(/<\/?[a-z]+(?:\s[^>]*)?>/g, '')).not.toMatch(/</);
}

const links = (html: string) => tagsOf(html).filter((tag) => tag.name === 'a' && !tag.closing);

describe('the safe Markdown subset', () => {
  it('makes paragraphs, line breaks, emphasis, lists, quotes and inline code', () => {
    const html = renderCommentBody('First *line*\nsecond **line**\n\n> a quote\n\n- one\n- two\n\n1. first\n2. second\n\nSay `hello()` twice');

    expect(html).toContain('<p>First <em>line</em><br>\nsecond <strong>line</strong></p>');
    expect(html).toContain('<blockquote>\n<p>a quote</p>\n</blockquote>');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<ol>\n<li>first</li>\n<li>second</li>\n</ol>');
    expect(html).toContain('<code>hello()</code>');
    expectSafe(html);
  });

  it('links Markdown links, <autolinks> and bare http(s) addresses, each with rel="nofollow ugc"', () => {
    const html = renderCommentBody('[my post](https://example.com/post "Mine") and <https://example.org/a> and see http://example.net/b.');

    expect(links(html).map((link) => [link.attributes.href, link.attributes.rel])).toEqual([
      ['https://example.com/post', 'nofollow ugc'],
      ['https://example.org/a', 'nofollow ugc'],
      ['http://example.net/b', 'nofollow ugc'],
    ]);
    expectSafe(html);
  });

  it('leaves addresses without http(s):// as words: no guessing at www., bare domains or emails', () => {
    const html = renderCommentBody('www.example.com, example.com, someone@example.com and <someone@example.com>');

    expect(links(html)).toEqual([]);
    expectSafe(html);
  });

  it.each([
    ['a heading', '# Not a heading', /^<p># Not a heading<\/p>/],
    ['an underlined heading', 'Title\n=====', /^<p>Title<br>\n=====<\/p>/],
    ['a rule', '---', /^<p>---<\/p>/],
    ['a table', '| a | b |\n|---|---|\n| 1 | 2 |', /^<p>\| a \| b \|<br>/],
    ['an indented code block', '    indented', /^<p>indented<\/p>/],
  ])('does not make %s', (_what, text, expected) => {
    const html = renderCommentBody(text);

    expect(html).toMatch(expected);
    expectSafe(html);
  });

  it('makes no image: at most a link to the picture, with rel', () => {
    const html = renderCommentBody('![a cat](https://example.com/cat.png)');

    expect(html).not.toContain('<img');
    expect(links(html)[0]?.attributes).toMatchObject({ href: 'https://example.com/cat.png', rel: 'nofollow ugc' });
    expectSafe(html);
  });
});

describe('hostile comments', () => {
  it.each([
    ['a script element', '<script>alert(1)</script>'],
    ['an image with an event handler', '<img src=x onerror=alert(1)>'],
    ['an SVG with onload', '<svg onload=alert(1)>'],
    ['an iframe', '<iframe src="https://example.com/frame"></iframe>'],
    ['a link element with an event handler', '<a href="https://example.com" onclick="alert(1)">x</a>'],
    ['a style element', '<style>body{display:none}</style>'],
    ['an HTML comment', '<!-- hidden --> text'],
    ['a block of HTML', '<div>\n<script>alert(1)</script>\n</div>'],
    ['a javascript: link', '[click](javascript:alert(1))'],
    ['a JavaScript: link in mixed case', '[click](JaVaScRiPt:alert(1))'],
    ['a javascript: link with an encoded colon', '[click](javascript&#58;alert(1))'],
    ['a javascript: link with encoded letters', '[click](&#106;&#97;vascript:alert(1))'],
    ['a javascript: link with a hex-encoded colon', '[click](javascript&#x3A;alert(1))'],
    ['a javascript: link with an encoded tab', '[click](java&#x09;script:alert(1))'],
    ['a javascript: link in angle brackets', '[click](<javascript:alert(1)>)'],
    ['a javascript: autolink', '<javascript:alert(1)>'],
    ['a javascript: reference link', '[click][x]\n\n[x]: javascript:alert(1)'],
    ['a vbscript: link', '[click](vbscript:msgbox(1))'],
    ['a data: link', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['a data: image', '![x](data:image/png;base64,iVBORw0KGgo=)'],
    ['a file: link', '[click](file:///etc/passwd)'],
    ['a protocol-relative link', '[click](//evil.example/x)'],
    ['a relative link', '[click](/coach/)'],
    ['a link whose title breaks out', '[x](https://example.com "a\\" onmouseover=\\"alert(1))'],
    ['an entity-encoded tag', '&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;'],
    ['a tag inside inline code', '`<script>alert(1)</script>`'],
    ['a tag inside a link text', '[<img src=x onerror=alert(1)>](https://example.com)'],
  ])('renders %s harmlessly', (_what, text) => {
    const html = renderCommentBody(text);

    expectSafe(html);
    expect(html).not.toMatch(/<(script|img|svg|iframe|style|div)\b/i);
    for (const link of links(html)) expect(link.attributes.href).toMatch(/^https:\/\/example\.com/);
  });

  it('makes no link of an empty destination, keeping its words', () => {
    expect(renderCommentBody('[]()')).toBe('<p></p>\n');
    expect(renderCommentBody('[click]() and [more](https://example.com)')).toBe('<p>click and <a href="https://example.com" rel="nofollow ugc">more</a></p>\n');
  });

  it('shows refused markup to the reader as the text they typed', () => {
    expect(renderCommentBody('<b>bold?</b>')).toBe('<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n');
    expect(renderCommentBody('[click](javascript:alert(1))')).toBe('<p>[click](javascript:alert(1))</p>\n');
  });

  it('stays safe for any mix of markup, link and Markdown fragments', () => {
    const fragments = [
      '<', '>', '"', "'", '&', '&#', '&#x3C;', ';', ':', '(', ')', '[', ']', '!', '*', '_', '`', '\\', '\n', ' ', '#', '>', '-', '1.', '|',
      'script', 'img', 'src=', 'onerror=', 'javascript', 'JAVASCRIPT', 'data', 'vbscript', 'https://example.com', 'http://', '//', 'www.', '@',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 40 }), (parts) => {
        expectSafe(renderCommentBody(parts.join('')));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("a commenter's website", () => {
  it('is linked only when it is a whole http(s) address', () => {
    expect(commenterWebsite('https://rosa.example.com')).toBe('https://rosa.example.com/');
    expect(commenterWebsite(' http://rosa.example.com/blog ')).toBe('http://rosa.example.com/blog');
    for (const refused of ['javascript:alert(1)', 'data:text/html,hi', 'rosa.example.com', '//rosa.example.com', 'ftp://rosa.example.com', '', undefined]) {
      expect(commenterWebsite(refused)).toBeUndefined();
    }
  });

  it('is linked without a user name or password written into it', () => {
    expect(commenterWebsite('https://user:pass@rosa.example.com/blog')).toBe('https://rosa.example.com/blog');
    expect(commenterWebsite('http://rosa@rosa.example.com')).toBe('http://rosa.example.com/');
  });
});
