/**
 * Stopping (and restarting) a client's reminders and check-ins. Stopping records when, in the
 * client's settings (loop-clients/<hash>), and tells the coach once: one email per stop, its
 * idempotency key the client and the moment they stopped, and `stopToldAt` recorded once it has
 * gone, so a failed email is tried again by the next press (or the mail provider's next one-click
 * POST). Confirmations of what the client sends still go; the loop skips the rest.
 *
 * Stops and restarts in a row fold into one email per client per day (the coach's day,
 * `stopToldOn`): the first stop of the day tells her at once, so she can write to the client the
 * same day; a later stop that day is only recorded, its state on the client's desk page. (Not
 * the morning summary: that would tell her of every stop a day late.)
 *
 * `/api/stop-reminders` is the link in every reminder and check-in, and their List-Unsubscribe
 * header (RFC 8058): GET shows one button, a POST stops, and a one-click POST from a mail
 * provider stops at once with no page to confirm (handleLinkAction's `oneClick`).
 */
import { formatInZone } from '#src/forms/zonedTime.ts';
import { SITE } from '#src/site.config.ts';
import { clientPath } from '../paths.ts';
import { emailLayout, paragraphs } from '../emails/layout.ts';
import { html } from '../web/html.ts';
import { handleLinkAction } from '../links/linkAction.ts';
import { STOP_REMINDERS } from '../loop/loopLinks.ts';
import type { ClientLoopSettings } from '../loop/loopStore.ts';
import { page } from '../web/respond.ts';
import { ok, type Result } from '../result.ts';
import type { StoreError } from '../submissions/submissionStore.ts';
import { loadClientHomework } from './clientCommitments.ts';
import type { MyDeps } from './myDeps.ts';

export type ReminderDeps = Omit<MyDeps, 'usedLinks'>;

const HASH = /^[0-9a-f]{32}$/;

/** The coach's email that a client stopped, replying to the client when their address is known. */
async function stopEmail(hash: string, stoppedAt: string, deps: ReminderDeps, settings: { coachEmail: string; fromEmail: string; siteUrl: string; timeZone: string }) {
  const who = await loadClientHomework(hash, deps);
  const { name, email } = who.ok ? who.value : { name: '', email: '' };
  const client = name ? `${name}${email ? ` (${email})` : ''}` : `A client (code ${hash.slice(0, 8)})`;
  const lines = [
    `${client} stopped reminders and check-ins on ${formatInZone(new Date(stoppedAt), settings.timeZone)}.`,
    'From now on the loop sends them no reminder, check-in or follow-up. Emails confirming what they send still go out, and they can turn reminders back on from their own page.',
    `Their page on your desk: ${new URL(clientPath(hash), settings.siteUrl).href}`,
  ];
  return {
    from: settings.fromEmail,
    to: [settings.coachEmail],
    ...(email ? { replyTo: email } : {}),
    subject: `${name || 'A client'} stopped reminders`,
    html: emailLayout('Reminders stopped', html`${lines.map((line) => paragraphs(line))}`).value,
    text: `${lines.join('\n\n')}\n`,
  };
}

/** A moment's date in a time zone, as YYYY-MM-DD. */
const dayIn = (instant: string, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));

/** Tells the coach of a stop once, unless she was told of a stop by this client earlier that day; a failure is logged and left for the next press. */
async function tellCoach(hash: string, stopped: ClientLoopSettings & { stoppedAt: string }, deps: ReminderDeps): Promise<void> {
  if (!deps.settings.ready) {
    for (const problem of deps.settings.problems) deps.log.error('stop_reminders.missing_setting', { variable: problem.variable });
    return;
  }
  const { stoppedAt } = stopped;
  const day = dayIn(stoppedAt, deps.settings.value.timeZone);
  if (stopped.stopToldOn === day) {
    deps.log.info('stop_reminders.told_today', {});
  } else {
    const message = await stopEmail(hash, stoppedAt, deps, deps.settings.value);
    const sent = await deps.mailer.send(message, { idempotencyKey: `stop-reminders/${hash}/${stoppedAt}` });
    if (!sent.ok && sent.error.kind !== 'already_sent') {
      deps.log.warn('stop_reminders.coach_not_told', { error: sent.error.name });
      return;
    }
  }
  const told = deps.clock().toISOString();
  const recorded = await deps.loop.updateClient(hash, (settings) => (settings.stoppedAt === stoppedAt && !settings.stopToldAt ? { ...settings, stopToldAt: told, stopToldOn: day } : null));
  if (!recorded.ok) deps.log.warn('stop_reminders.told_not_recorded', { error: recorded.error.name });
}

/** Stops a client's reminders and check-ins (the first stop's time is kept) and tells the coach, once. */
export async function stopReminders(hash: string, deps: ReminderDeps): Promise<Result<ClientLoopSettings, StoreError>> {
  const now = deps.clock().toISOString();
  const stopped = await deps.loop.updateClient(hash, (settings) => (settings.stoppedAt ? null : { ...settings, stoppedAt: now }));
  if (!stopped.ok) return stopped;
  const { stoppedAt, stopToldAt } = stopped.value;
  if (stoppedAt && !stopToldAt) await tellCoach(hash, { ...stopped.value, stoppedAt }, deps);
  deps.log.info('stop_reminders.stopped', {});
  return stopped;
}

/** Turns a client's reminders and check-ins back on, from their own page (the day the coach was last told stays, see above). */
export async function restartReminders(hash: string, deps: Pick<ReminderDeps, 'loop'>): Promise<Result<ClientLoopSettings, StoreError>> {
  return deps.loop.updateClient(hash, ({ stoppedAt, stopToldAt: _told, ...rest }) => (stoppedAt ? rest : null));
}

const STOPPED_PAGE = () =>
  page(
    200,
    'Reminders stopped',
    html`<h1>Reminders stopped</h1>
<p>You will get no more reminders or check-in emails about your homework. Emails confirming what you send still come, and ${SITE.coachName} can still write to you.</p>
<p>Changed your mind? Turn them back on from <a href="/my/">your own page</a>.</p>`,
  );

export type StopLinkDeps = MyDeps;

/** `/api/stop-reminders`: the signed link of every reminder and check-in (loopLinks.stopRemindersLink). */
export function handleStopReminders(req: Request, deps: StopLinkDeps): Promise<Response> | Response {
  if (!deps.settings.ready) {
    for (const problem of deps.settings.problems) deps.log.error('stop_reminders.missing_setting', { variable: problem.variable });
    return page(503, 'Not available yet', html`<h1>This is not available yet</h1>\n<p>Nothing was changed. Please try again later, or reply to the email to tell me.</p>`);
  }
  const { secret, siteUrl } = deps.settings.value;
  return handleLinkAction(
    req,
    {
      purpose: STOP_REMINDERS.purpose,
      reusable: true,
      oneClick: true,
      confirm: () => ({
        title: 'Stop reminders and check-ins?',
        intro: 'You will get no more reminders or check-in emails about your homework. Emails confirming what you send still come, and you can turn reminders back on from your own page.',
        button: 'Stop reminders',
      }),
      act: async (link) => {
        const hash = link.params[STOP_REMINDERS.client] ?? '';
        // Signed by this site, so always a hash; checked because a key is built from it.
        if (!HASH.test(hash)) return ok(page(400, 'This link cannot be used', html`<h1>This link cannot be used</h1>\n<p>Please reply to the email instead, and I will stop the reminders.</p>`));
        const stopped = await stopReminders(hash, deps);
        return stopped.ok ? ok(STOPPED_PAGE()) : stopped;
      },
    },
    { secret, siteUrl, clock: deps.clock, used: deps.usedLinks, log: deps.log },
  );
}
