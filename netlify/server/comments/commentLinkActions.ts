/**
 * The endpoints the links in comment emails open, each through handleLinkAction (decision 004):
 * GET shows a page with one button and changes nothing; only the POST acts.
 *
 *   /api/comments/moderate     Approve or Reject (one choice: the two links share one id)
 *   /api/comments/reply        a box for the coach's reply; its POST publishes the reply, once
 *   /api/comments/unsubscribe  a reader stops reply emails (reusable: harmless to repeat)
 */
import { html, joined, lines, raw, type Raw } from '../web/html.ts';
import { handleLinkAction, type LinkAction } from '../links/linkAction.ts';
import { parseBody } from '../web/parseBody.ts';
import { page } from '../web/respond.ts';
import { fail, ok } from '../result.ts';
import type { VerifiedLink } from '../links/signedLinks.ts';
import { idFromKey } from '../submissions/submissionId.ts';
import type { CommentDeps } from './commentDeps.ts';
import { DECISIONS, MODERATE, REPLY, UNSUBSCRIBE, type Decision } from './commentLinks.ts';
import { sendReplyNotice } from './commentMail.ts';
import type { CommentEntry } from './commentStore.ts';
import { approveComment, MAX_REPLY_LENGTH, rejectComment, replyToComment, unsubscribe } from './moderation.ts';
import { postPath } from './published.ts';

export interface LinkContext {
  /** Work that may go on after the answer (a reply's email). */
  waitUntil?(work: Promise<unknown>): void;
}

const DESK_LINK = html`<p><a href="/coach/comments/">Open the comments on your desk</a></p>`;

const plain = (value: string) =>
  joined(
    value.split(/\n{2,}/).map((p) => html`<p>${lines(p)}</p>`),
    '\n',
  );

/** The comment a page is about, as the coach reads it: who, where, and the words, all escaped. */
function commentHtml(entry: CommentEntry, deps: CommentDeps): Raw {
  const title = deps.catalog.posts[entry.postSlug]?.title ?? entry.postSlug;
  return html`<article class="sent-comment">
<p><strong>${entry.name}</strong> · ${entry.email}${entry.website ? ` · ${entry.website}` : ''}<br>on <a href="${postPath(entry.postSlug)}">${title}</a></p>
${plain(entry.body)}
</article>
`;
}

const STATE_NOTE: Record<CommentEntry['state'], Raw> = {
  pending: raw(''),
  approved: html`<p>It is already approved.</p>`,
  rejected: html`<p>It was rejected earlier.</p>`,
};

/** The page a link opens: what it is about, and one form that posts back to the same link. Changes nothing. */
interface LinkPage {
  title: string;
  intro: string;
  button: string;
  /** The comment the link is about. */
  detailsHtml?: Raw;
  /** A box to type in. */
  fieldsHtml?: Raw;
  status?: number;
}

function linkPage({ title, intro, button, detailsHtml, fieldsHtml, status = 200 }: LinkPage, formAction: string): Response {
  return page(
    status,
    title,
    html`<h1>${title}</h1>
<p>${intro}</p>
${detailsHtml}<form method="post" action="${formAction}" class="link-form">
${fieldsHtml}<button type="submit">${button}</button>
</form>
<p>Nothing happens until you press the button.</p>`,
  );
}

function done(title: string, sentence: string, status = 200): Response {
  return page(status, title, html`<h1>${title}</h1>\n<p>${sentence}</p>\n${DESK_LINK}`);
}

const GONE = () => done('This comment is no longer stored', 'It was deleted or erased, so nothing changed.');
const SHOWS_NEXT_BUILD = 'It appears on the post with the site’s next build.';

async function entryOf(link: VerifiedLink, name: string, deps: CommentDeps) {
  const id = link.params[name] ?? '';
  return deps.comments.get(id);
}

function moderateAction(deps: CommentDeps): LinkAction {
  const decisionOf = (link: VerifiedLink): Decision | undefined => DECISIONS.find((d) => d === link.params[MODERATE.decision]);
  return {
    purpose: MODERATE.purpose,
    async openPage(link, formAction) {
      const decision = decisionOf(link);
      const found = await entryOf(link, MODERATE.comment, deps);
      const entry = found.ok ? found.value : null;
      const details = entry ? html`${commentHtml(entry, deps)}${STATE_NOTE[entry.state]}` : undefined;
      return linkPage(
        decision === 'approve'
          ? { title: 'Approve this comment?', intro: `Approving publishes it under the post. ${SHOWS_NEXT_BUILD}`, button: 'Approve', detailsHtml: details }
          : { title: 'Reject this comment?', intro: 'Rejecting keeps it off the site; the reader is not told.', button: 'Reject', detailsHtml: details },
        formAction,
      );
    },
    async act(link) {
      const id = link.params[MODERATE.comment] ?? '';
      const decision = decisionOf(link);
      if (decision === 'approve') {
        const approved = await approveComment(id, deps);
        if (!approved.ok) return fail(approved.error);
        return ok(
          {
            approved: () => done('Approved', SHOWS_NEXT_BUILD),
            'already-approved': () => done('It was already approved', 'Nothing changed.'),
            'was-rejected': () => done('It was rejected earlier', 'So it was not published. To publish it after all, approve it among the rejected comments on your desk.'),
            'not-found': GONE,
          }[approved.value](),
        );
      }
      if (decision === 'reject') {
        const rejected = await rejectComment(id, deps);
        if (!rejected.ok) return fail(rejected.error);
        return ok(
          {
            rejected: () => done('Rejected', 'It stays off the site, and the reader is not told.'),
            'already-rejected': () => done('It was already rejected', 'Nothing changed.'),
            'is-published': () => done('It is already published', 'Nothing changed. To take it down, delete it on your desk.'),
            'not-found': GONE,
          }[rejected.value](),
        );
      }
      return ok(done('This link cannot be used', 'It does not say what to do.', 400));
    },
  };
}

/** The reply's id: one per reply link, so pressing it again (after a crash) is the same reply. */
const replyIdOf = (link: VerifiedLink) => idFromKey(REPLY.purpose, link.lid);

function replyBox(value: string, problem?: string): Raw {
  return html`<label for="reply-text">Your reply</label>
${problem ? html`<p class="field__error" id="reply-text-error">${problem}</p>` : ''}<textarea id="reply-text" name="reply" rows="8" maxlength="${MAX_REPLY_LENGTH}" required${problem ? raw(' aria-invalid="true" aria-describedby="reply-text-error"') : ''}>${value}</textarea>
`;
}

async function replyText(req: Request): Promise<string> {
  const parsed = await parseBody(req);
  const value = parsed.ok ? parsed.value.fields.reply : undefined;
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
}

function replyAction(deps: CommentDeps, context: LinkContext): LinkAction<string> {
  const replyPage = async (link: VerifiedLink, formAction: string, value = '', problem?: string) => {
    const found = await entryOf(link, REPLY.comment, deps);
    const entry = found.ok ? found.value : null;
    return linkPage(
      {
        title: entry ? `Reply to ${entry.name}` : 'Reply to a comment',
        intro: `Your reply is published under their comment, marked as yours. ${SHOWS_NEXT_BUILD} A comment still waiting is approved with it.${entry?.notify ? ' They asked to be emailed when you reply, so they get one email with your reply.' : ''}`,
        button: 'Publish my reply',
        detailsHtml: entry ? html`${commentHtml(entry, deps)}${entry.state === 'rejected' ? STATE_NOTE.rejected : ''}` : undefined,
        fieldsHtml: replyBox(value, problem),
        ...(problem ? { status: 422 } : {}),
      },
      formAction,
    );
  };
  return {
    purpose: REPLY.purpose,
    openPage: (link, formAction) => replyPage(link, formAction),
    /** An empty or overlong reply is answered with the page again, what was typed kept; the link still works. */
    async read(link, req) {
      const text = await replyText(req);
      if (text && text.length <= MAX_REPLY_LENGTH) return ok(text);
      const url = new URL(req.url);
      const problem = text ? `Please keep your reply under ${MAX_REPLY_LENGTH.toLocaleString('en-US')} characters.` : 'Please write your reply.';
      return fail(await replyPage(link, `${url.pathname}${url.search}`, text, problem));
    },
    async act(link, text) {
      const replied = await replyToComment(link.params[REPLY.comment] ?? '', replyIdOf(link), text, deps);
      if (!replied.ok) return fail(replied.error);
      const result = replied.value;
      if (result.outcome === 'not-found') return ok(GONE());
      if (result.outcome === 'was-rejected') return ok(done('That comment was rejected', 'A reply would publish it, so nothing was published. Nothing changed.'));
      if (result.notify) {
        const work = sendReplyNotice(result.reply.id, deps);
        if (context.waitUntil) context.waitUntil(work);
        else await work;
      }
      return ok(done(result.outcome === 'replied' ? 'Your reply is published' : 'Your reply was already published', `${SHOWS_NEXT_BUILD}${result.notify ? ' The reader gets one email with it.' : ''}`));
    },
  };
}

function unsubscribeAction(deps: CommentDeps): LinkAction {
  return {
    purpose: UNSUBSCRIBE.purpose,
    reusable: true,
    // The reply notice's List-Unsubscribe-Post (RFC 8058): a one-click POST acts from any origin, as the homework stop link's does.
    oneClick: true,
    confirm: () => ({
      title: 'Stop emails about replies?',
      intro: 'You will get no more emails when the coach replies to your comments on this site. Your comments stay as they are.',
      button: 'Stop these emails',
    }),
    async act(link) {
      const stopped = await unsubscribe(link.params[UNSUBSCRIBE.comment] ?? '', deps);
      if (!stopped.ok) return fail(stopped.error);
      return ok(page(200, 'Done', html`<h1>Done</h1>\n<p>You will get no more emails about replies to your comments. Nothing else changed.</p>\n<p><a href="/">Go to the home page</a></p>`));
    },
  };
}

/** Answers one of the three link paths; null for any other path. */
export function handleCommentLink(req: Request, pathname: string, deps: CommentDeps, context: LinkContext = {}): Promise<Response> | null {
  if (![MODERATE.path, REPLY.path, UNSUBSCRIBE.path].includes(pathname as never)) return null;
  if (!deps.secret) {
    deps.log.error('comments.link_missing_setting', { variable: 'SIGNING_SECRET' });
    return Promise.resolve(page(503, 'Not available yet', html`<h1>Not available yet</h1>\n<p>This link cannot be checked until the site’s settings are complete. Nothing happened; please try again later.</p>`));
  }
  const linkDeps = { secret: deps.secret, siteUrl: deps.email.siteUrl, clock: deps.clock, used: deps.used, log: deps.log };
  if (pathname === REPLY.path) return handleLinkAction(req, replyAction(deps, context), linkDeps);
  return handleLinkAction(req, pathname === MODERATE.path ? moderateAction(deps) : unsubscribeAction(deps), linkDeps);
}
