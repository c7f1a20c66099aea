/**
 * A client's own page, `/my/`: their homework, open and done, deadlines in their time zone in
 * words, Done / Partly / Not yet for each open one, and their wins so far. No account: the link in
 * every homework email (loopLinks.myPageLink, `/my/open`) opens a page with one button whose POST
 * exchanges the link for a signed cookie (clientCookie.ts). The link works until it expires; link
 * and cookie are both refused once the coach has raised the client's link version (revoking every
 * earlier one). Only ever this client's data; never cached or indexed (myLayout.ts).
 *
 *   GET  /my/              the page, or how to get a link
 *   GET  /my/open?…        the emailed link: one button (HEAD and GET change nothing)
 *   POST /my/open?…        sets the cookie, then 303 to /my/
 *   POST /my/reminders     stop or restart reminders and check-ins (action=stop|start)
 *   POST /my/sign-out      clears the cookie
 */
import { SITE } from '#src/site.config.ts';
import { html } from '../web/html.ts';
import { greetingName } from '../emails/greeting.ts';
import { fromNowInWords } from '../emails/timeInWords.ts';
import { formatInZone } from '#src/forms/zonedTime.ts';
import { handleLinkAction } from '../links/linkAction.ts';
import { confirmPage } from '../links/linkPages.ts';
import { CHECK_IN_LINK_DAYS, checkInLinks, MY_PAGE } from '../loop/loopLinks.ts';
import type { CheckInAnswer, ClientLoopSettings } from '../loop/loopStore.ts';
import { isCrossSite } from '../origin.ts';
import { parseBody } from '../web/parseBody.ts';
import { fail, ok } from '../result.ts';
import { loadClientHomework, type ClientCommitment } from './clientCommitments.ts';
import { clearedClientCookie, clientCookie, readClientCookie, type ClientPass } from './clientCookie.ts';
import { myPage, mySeeOther } from './myLayout.ts';
import type { MyDeps, MySettings } from './myDeps.ts';
import { restartReminders, stopReminders } from './stopReminders.ts';


const DAY_MS = 24 * 3600_000;
const HASH = /^[0-9a-f]{32}$/;

const NOTICES: Record<string, string> = {
  stopped: 'Reminders and check-ins are stopped.',
  started: 'Reminders and check-ins are on again.',
  'signed-out': 'You are signed out on this device.',
};

const ANSWER_WORDS: Record<CheckInAnswer, string> = { done: 'Done', partly: 'Partly', 'not-yet': 'Not yet' };

const unavailable = () =>
  myPage({ title: 'Your page', status: 503, body: html`<h1>Your page is not available just now</h1><p>Nothing was changed. Please try again in a minute.</p>` });

/** The page for a visitor without a valid cookie: how to get a link. `why` says what happened to the one they had. */
function howToGetALink(why?: string, headers: Record<string, string> = {}, notice?: string) {
  return myPage({
    title: 'Your page',
    headers,
    ...(notice ? { notice } : {}),
    body: html`<h1>Your page</h1>
${why ? html`<p><strong>${why}</strong></p>` : ''}
<p>This page shows your homework, your check-ins and your wins so far. There is no password: it opens from the link <strong>“Open my page”</strong> in every homework email I send you, and stays open on that device for 30 days.</p>
<p>No email at hand? Write to me at <a href="mailto:${SITE.contactEmail}">${SITE.contactEmail}</a> and I will send you a fresh link, or <a href="/homework/">set your next homework</a>: its confirmation brings one too.</p>
<p>Stuck between sessions? <a href="/stuck/">Tell me what is going on</a>.</p>`,
  });
}

const REFUSED: Record<'tampered' | 'expired' | 'revoked', string> = {
  tampered: 'That sign-in could not be read, so you are signed out.',
  expired: 'Your sign-in on this device has ended, after 30 days.',
  revoked: 'The link you used has been replaced by a newer one, so you are signed out.',
};

/** The client a request is signed in as, checked against their current link version. */
async function signedIn(req: Request, deps: MyDeps, settings: MySettings): Promise<{ pass: ClientPass; loop: ClientLoopSettings } | { refused: keyof typeof REFUSED | 'absent' } | { unavailable: true }> {
  const cookie = readClientCookie(req, { secret: settings.secret, now: deps.clock() });
  if (!cookie.ok) return { refused: cookie.reason };
  const loop = await deps.loop.getClient(cookie.pass.hash);
  if (!loop.ok) return { unavailable: true };
  if (cookie.pass.version < loop.value.linkVersion) return { refused: 'revoked' };
  return { pass: cookie.pass, loop: loop.value };
}

function deadlineLine({ deadline, timeZone, loop }: ClientCommitment, now: Date) {
  const open = !loop?.answer && !loop?.closedBy;
  const passed = deadline.getTime() <= now.getTime();
  return html`<p class="meta"><strong>${open ? (passed ? `Was due ${fromNowInWords(deadline, now)}` : `Due ${fromNowInWords(deadline, now)}`) : 'By'}</strong>: ${formatInZone(deadline, timeZone)}</p>`;
}

/** Done / Partly / Not yet, as long as the check-in links last; they open a page with one button. */
function checkInButtons(item: ClientCommitment, settings: MySettings, now: Date) {
  const { loop } = item;
  if (!loop || now.getTime() >= item.deadline.getTime() + CHECK_IN_LINK_DAYS * DAY_MS) {
    return html`<p>When it is done, tell me the way you said you would, or reply to any email from me.</p>`;
  }
  const links = checkInLinks(loop, settings, loop.checkInLid);
  const what = item.record.data.what;
  return html`<p>How did it go?</p>
<ul class="check-in">
${(['done', 'partly', 'not-yet'] as const).map((answer) => html`<li><a class="button${answer === 'done' ? '' : ' secondary'}" href="${links[answer]}">${ANSWER_WORDS[answer]}<span class="visually-hidden">: ${what}</span></a></li>`)}
</ul>`;
}

function openItem(item: ClientCommitment, settings: MySettings, now: Date) {
  const { data } = item.record;
  return html`<article class="commitment">
<h3>${data.what}</h3>
${deadlineLine(item, now)}
<p>How I will know: ${data.howWillIKnow}</p>
${checkInButtons(item, settings, now)}
</article>`;
}

function winItem({ record, loop, timeZone }: ClientCommitment) {
  const answer = loop!.answer!;
  return html`<li><strong>${record.data.what}</strong><br><span class="meta">Done, said on ${formatInZone(new Date(answer.at), timeZone)}</span>${answer.note ? html`<br>You said: “${answer.note}”` : ''}</li>`;
}

function earlierItem(item: ClientCommitment) {
  const { record, loop, timeZone } = item;
  const answer = loop?.answer;
  const status = answer ? `${ANSWER_WORDS[answer.answer]}, said on ${formatInZone(new Date(answer.at), timeZone)}` : 'Replaced by a newer date or a smaller step';
  return html`<li><strong>${record.data.what}</strong><br><span class="meta">${status}</span>${answer?.note ? html`<br>You said: “${answer.note}”` : ''}</li>`;
}

function remindersSection(loop: ClientLoopSettings, timeZone: string) {
  const stopped = Boolean(loop.stoppedAt);
  return html`<section aria-labelledby="reminders-heading">
<h2 id="reminders-heading">Reminders</h2>
<p>${stopped ? `You stopped reminders and check-ins on ${formatInZone(new Date(loop.stoppedAt!), timeZone)}.` : 'I send you a reminder before each deadline and a check-in when it comes.'}</p>
<form method="post" action="/my/reminders"><input type="hidden" name="action" value="${stopped ? 'start' : 'stop'}"><button type="submit" class="secondary">${stopped ? 'Turn reminders back on' : 'Stop reminders and check-ins'}</button></form>
</section>`;
}

async function showPage(req: Request, url: URL, deps: MyDeps, settings: MySettings): Promise<Response> {
  const notice = NOTICES[url.searchParams.get('done') ?? ''];
  const who = await signedIn(req, deps, settings);
  if ('unavailable' in who) return unavailable();
  if ('refused' in who) {
    if (who.refused === 'absent') return howToGetALink(undefined, {}, notice);
    deps.log.info('my.cookie_refused', { reason: who.refused });
    return howToGetALink(REFUSED[who.refused], { 'Set-Cookie': clearedClientCookie(settings.siteUrl) });
  }
  const homework = await loadClientHomework(who.pass.hash, deps);
  if (!homework.ok) return unavailable();
  const now = deps.clock();
  const { name, commitments } = homework.value;
  const open = commitments.filter((c) => !c.loop?.answer && !c.loop?.closedBy).sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
  const wins = commitments.filter((c) => c.loop?.answer?.answer === 'done').sort((a, b) => b.loop!.answer!.at.localeCompare(a.loop!.answer!.at));
  const earlier = commitments.filter((c) => !open.includes(c) && !wins.includes(c)).sort((a, b) => b.deadline.getTime() - a.deadline.getTime());
  const zone = open[0]?.timeZone ?? commitments.at(-1)?.timeZone ?? SITE.timeZone;
  return myPage({
    title: 'Your page',
    signedIn: true,
    ...(notice ? { notice } : {}),
    body: html`<h1>${name ? `Hi ${greetingName({ name })}` : 'Your page'}</h1>
<p class="lede">Your homework in your own words, and what you have done so far.</p>
<section aria-labelledby="open-heading">
<h2 id="open-heading">Still to do</h2>
${open.length === 0 ? html`<p>Nothing is open right now. <a href="/homework/">Set your next homework</a> when you are ready.</p>` : open.map((item) => openItem(item, settings, now))}
</section>
<section aria-labelledby="wins-heading">
<h2 id="wins-heading">Your wins so far</h2>
${wins.length === 0 ? html`<p>Each homework you mark as done shows up here.</p>` : html`<ul class="wins">${wins.map(winItem)}</ul>`}
</section>
${earlier.length > 0 ? html`<section aria-labelledby="earlier-heading"><h2 id="earlier-heading">Earlier homework</h2><ul class="wins">${earlier.map(earlierItem)}</ul></section>` : ''}
<section aria-labelledby="stuck-heading">
<h2 id="stuck-heading">Stuck?</h2>
<p>If something has stalled, you do not have to wait for our next session. <a href="/stuck/">Tell me what is going on</a> and ask for a quick call or an email.</p>
</section>
${remindersSection(who.loop, zone)}`,
  });
}

/** The emailed link: one button; its POST checks the version again and sets the cookie. */
function openLink(req: Request, deps: MyDeps, settings: MySettings): Promise<Response> {
  const versionOf = (params: Readonly<Record<string, string>>) => ({ hash: params[MY_PAGE.client] ?? '', version: Number(params[MY_PAGE.version]) });
  /** Why a genuine link no longer opens the page, or null when it does; `unavailable` when that cannot be known. */
  const stale = async (params: Readonly<Record<string, string>>): Promise<'revoked' | 'unavailable' | null> => {
    const { hash, version } = versionOf(params);
    if (!HASH.test(hash) || !Number.isInteger(version)) return 'revoked';
    const loop = await deps.loop.getClient(hash);
    if (!loop.ok) return 'unavailable';
    return version < loop.value.linkVersion ? 'revoked' : null;
  };
  const revokedPage = () => howToGetALink('This link has been replaced by a newer one. Please use the link in your most recent email from me.', {});
  return handleLinkAction(
    req,
    {
      purpose: MY_PAGE.purpose,
      reusable: true,
      // A revoked link says so at once rather than offering a button that would only be refused.
      openPage: async (link, formAction) =>
        (await stale(link.params)) === 'revoked'
          ? withStatus(revokedPage(), 403)
          : confirmPage({ title: 'Open your page', intro: 'Your homework, your check-ins and your wins so far. The button opens it on this device for 30 days.', button: 'Open my page' }, formAction),
      act: async (link) => {
        const why = await stale(link.params);
        if (why === 'unavailable') return fail({ name: 'LoopStoreUnavailable' });
        if (why === 'revoked') return ok(withStatus(revokedPage(), 403));
        const pass = versionOf(link.params);
        deps.log.info('my.opened', {});
        return ok(mySeeOther('/my/', { 'Set-Cookie': clientCookie(pass, { ...settings, now: deps.clock() }) }));
      },
    },
    { secret: settings.secret, siteUrl: settings.siteUrl, clock: deps.clock, used: deps.usedLinks, log: deps.log },
  );
}

const withStatus = (response: Response, status: number) => new Response(response.body, { status, headers: response.headers });

/** Posts from the page itself: from this site only, and signed in. */
async function pagePost(req: Request, deps: MyDeps, settings: MySettings, act: (pass: ClientPass) => Promise<Response>): Promise<Response> {
  if (isCrossSite(req, settings.siteUrl) || req.headers.get('sec-fetch-site') === 'same-site') {
    deps.log.warn('my.cross_site', {});
    return myPage({ title: 'Refused', status: 403, body: html`<h1>This button only works on this website</h1><p>Nothing was changed. <a href="/my/">Go to your page</a>.</p>` });
  }
  const who = await signedIn(req, deps, settings);
  if ('unavailable' in who) return unavailable();
  if ('refused' in who) return mySeeOther('/my/');
  return act(who.pass);
}

async function changeReminders(req: Request, deps: MyDeps, pass: ClientPass): Promise<Response> {
  const parsed = await parseBody(req, 4096);
  const action = parsed.ok ? parsed.value.fields.action : undefined;
  if (action !== 'stop' && action !== 'start') return mySeeOther('/my/');
  const changed = action === 'stop' ? await stopReminders(pass.hash, deps) : await restartReminders(pass.hash, deps);
  if (!changed.ok) return unavailable();
  return mySeeOther(`/my/?done=${action === 'stop' ? 'stopped' : 'started'}`);
}

export async function handleMy(req: Request, deps: MyDeps): Promise<Response> {
  if (!deps.settings.ready) {
    for (const problem of deps.settings.problems) deps.log.error('my.missing_setting', { variable: problem.variable });
    return unavailable();
  }
  const settings = deps.settings.value;
  const url = new URL(req.url);
  const path = url.pathname === '/my' ? '/my/' : url.pathname;
  const reading = req.method === 'GET' || req.method === 'HEAD';
  const body = (response: Response) => (req.method === 'HEAD' ? new Response(null, { status: response.status, headers: response.headers }) : response);

  if (path === MY_PAGE.path) return openLink(req, deps, settings);
  if (path === '/my/' && reading) return body(await showPage(req, url, deps, settings));
  if (path === '/my/sign-out' && req.method === 'POST') {
    return pagePost(req, deps, settings, async () => mySeeOther('/my/?done=signed-out', { 'Set-Cookie': clearedClientCookie(settings.siteUrl) }));
  }
  if (path === '/my/reminders' && req.method === 'POST') return pagePost(req, deps, settings, (pass) => changeReminders(req, deps, pass));
  if (!reading) return myPage({ title: 'Not allowed', status: 405, headers: { Allow: 'GET, HEAD' }, body: html`<h1>Not allowed</h1><p><a href="/my/">Go to your page</a>.</p>` });
  return body(myPage({ title: 'Not found', status: 404, body: html`<h1>Nothing here</h1><p><a href="/my/">Go to your page</a>.</p>` }));
}
