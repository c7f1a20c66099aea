/**
 * The morning summary's comments section: every comment still waiting for the coach (those the
 * hourly cap kept out of her email said so), and how many are held as spam, with the way to the
 * desk's Comments page. Nothing to say when nothing waits.
 */
import { ok } from '../result.ts';
import { counted, type SummaryItem, type SummarySectionProvider } from '../summary/section.ts';
import { commentsWaiting } from './commentsWaiting.ts';

/** The comments named one by one; the rest are counted. */
const NAMED = 5;

export const commentsSection: SummarySectionProvider = {
  name: 'comments',
  async gather(deps) {
    if (!deps.comments) return ok(null);
    const waiting = await commentsWaiting({ comments: deps.comments, catalog: deps.catalog }, { limit: NAMED });
    if (!waiting.ok) return waiting;
    const { count, held, first } = waiting.value;
    if (count + held === 0) return ok(null);
    const items: SummaryItem[] = first.map((comment) => ({
      title: `${comment.name} on “${comment.postTitle}”`,
      lines: [`“${comment.excerpt}”`, ...(comment.emailed ? [] : ['No email came to you about this one (too many comments that hour, or the email failed): it is on the desk.'])],
    }));
    if (count > first.length) items.push({ title: `And ${counted(count - first.length, 'more comment', 'more comments')} waiting` });
    if (held > 0) items.push({ title: `${counted(held, 'comment', 'comments')} held as spam`, lines: ['Release the real ones or delete them on the desk.'] });
    return ok({
      heading: 'Comments waiting for you',
      tally: counted(count, 'comment waiting', 'comments waiting'),
      intro: `Approve, reject or reply on your desk: ${new URL('/coach/comments/', deps.email.siteUrl).href}`,
      items,
    });
  },
};
