/**
 * A reader's comment as HTML: plain text with a small, safe part of Markdown (paragraphs and line
 * breaks, emphasis, links, lists, quotes, inline code) and nothing else. No HTML is ever passed
 * through, no image, heading, table, rule or code block is made, and a link is only made to an
 * http(s) address; every link gets rel="nofollow ugc" (the comment is the reader's, not the coach's).
 *
 * markdown-it starts here from its "zero" preset, which makes nothing but paragraphs, and only the
 * rules named below are turned on: a rule added to the library later stays off. Used by the build
 * for the post pages, and free for the comment emails and the desk (it imports only markdown-it).
 */
import MarkdownIt from 'markdown-it';

/** What every link a commenter gave carries: no endorsement, and marked as user content. */
export const COMMENT_LINK_REL = 'nofollow ugc';

/** The Markdown rules a comment may use, by markdown-it's names. */
const ALLOWED_RULES = [
  'blockquote', 'list', // block: quotes and lists (paragraphs are always on)
  'newline', 'escape', 'backticks', 'emphasis', 'entity', 'link', 'autolink', // inline
  'linkify', // bare https://… addresses
];

/** Only a whole http(s) address may become a link: never javascript:, data:, file:, a relative path or a bare //host. */
const LINKABLE = /^https?:\/\/[^/\s]/i;

function commentMarkdown() {
  const md = new MarkdownIt('zero', { html: false, breaks: true, linkify: true, typographer: false });
  md.enable(ALLOWED_RULES);
  // Only addresses with http(s):// are turned into links; "example.com" or "www.example.com" stay words.
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  // Called with the address as markdown-it will write it (entities decoded, percent-encoded), so
  // "javascript&#58;…" or "JAVA&#x09;SCRIPT:…" are judged as what a browser would follow.
  md.validateLink = (url) => LINKABLE.test(url);
  const renderLinkOpen = md.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
  const renderLinkClose = md.renderer.rules.link_close ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
  md.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const open = tokens[index]!;
    // An empty destination, "[text]()", never reaches validateLink: its words stay, without a link.
    if (!LINKABLE.test(String(open.attrGet('href') ?? ''))) {
      const close = tokens.slice(index + 1).find((token) => token.type === 'link_close' && token.level === open.level);
      if (close) close.meta = { unlinked: true };
      return '';
    }
    open.attrSet('rel', COMMENT_LINK_REL);
    return renderLinkOpen(tokens, index, options, env, self);
  };
  md.renderer.rules.link_close = (tokens, index, options, env, self) =>
    tokens[index]!.meta?.unlinked ? '' : renderLinkClose(tokens, index, options, env, self);
  return md;
}

const markdown = commentMarkdown();

/** A comment's text as safe HTML, to be placed as it is inside the comment's element. */
export function renderCommentBody(text: string): string {
  return markdown.render(text);
}

/** Addresses written out as words (`https://…`, `www.…`), which a mail program or a reader's copy and paste makes live. */
const WRITTEN_ADDRESS = /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gi;

/**
 * How many links a comment holds, counted in the renderer's own tokens, so entities and escapes
 * (`https&#58;//…`, `https\\://…`) count as what they become: each link the page makes, plus each
 * address left as words outside a link (in text or `code`), as a reader or a mail program sees it.
 */
export function countCommentLinks(text: string): number {
  let count = 0;
  for (const block of markdown.parse(text, {})) {
    let insideLink = 0;
    for (const token of block.children ?? []) {
      if (token.type === 'link_open') {
        insideLink += 1;
        if (LINKABLE.test(String(token.attrGet('href') ?? ''))) count += 1;
      } else if (token.type === 'link_close') insideLink = Math.max(0, insideLink - 1);
      else if (insideLink === 0 && (token.type === 'text' || token.type === 'code_inline')) count += token.content.match(WRITTEN_ADDRESS)?.length ?? 0;
    }
  }
  return count;
}

/**
 * The address a commenter's name may link to: their website if it is a whole http(s) address,
 * else undefined (the name is then shown without a link). A user name or password written into
 * it (`https://user:pass@host/`) is dropped: it is never published.
 */
export function commenterWebsite(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    url.username = '';
    url.password = '';
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
