/**
 * "I'm stuck" requests in the coach's morning summary: every one not yet marked handled, the most
 * urgent first, each morning until she marks it handled on the desk (desk/stuckRequests.ts).
 */
import { formatInZone } from '#src/forms/zonedTime.ts';
import { SITE } from '#src/site.config.ts';
import { openStuckRequests } from '../stuck/stuckRequests.ts';
import { DESK_STUCK_PATH } from '../paths.ts';
import { ok } from '../result.ts';
import { counted, type SummarySectionProvider } from './section.ts';

const oneLine = (text: string, max = 200) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
};

export const stuckSection: SummarySectionProvider = {
  name: 'stuck',
  async gather(deps) {
    const open = await openStuckRequests({ store: deps.store });
    if (!open.ok) return open;
    if (open.value.length === 0) return ok(null);
    return ok({
      heading: 'Stuck, waiting for you',
      tally: counted(open.value.length, 'stuck'),
      intro: `Clients who asked for a call or an email between sessions. Once you have been in touch, mark each handled on the desk: ${new URL(DESK_STUCK_PATH, deps.email.siteUrl).href}`,
      items: open.value.map((request) => ({
        title: `${request.name} ${request.ask}`,
        lines: [
          `“${oneLine(request.what)}”`,
          request.reply === 'call' ? (request.phone ? `Their number: ${request.phone}` : 'No phone number given; it may be on their intake.') : `Their email: ${request.email}`,
          `Asked ${formatInZone(new Date(request.at), SITE.timeZone)}`,
        ],
        clientHash: request.clientHash,
      })),
    });
  },
};
