/** `/coach/`: the sign-in page for a visitor, the desk's front page for the signed-in coach. */
import type { Result } from '../../result.ts';
import { deskPage, html } from '../layout.ts';
import type { Route } from '../router.ts';
import { checkSession } from '../session.ts';
import { noticeOf } from './notice.ts';
import { signInPage } from './signIn.ts';

export const HOME_ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/coach/',
    public: true,
    async handle({ req, url, deps, settings, now }) {
      const session = await checkSession(req, { secret: settings.secret, desk: deps.desk, now });
      const notice = noticeOf(url);
      if (!session.signedIn) return signInPage(notice);
      const [held, pending] = await Promise.all([deps.store.listSpam(), deps.store.listPending()]);
      const count = (listed: Result<unknown[], unknown>) => (listed.ok ? String(listed.value.length) : 'unknown');
      return deskPage({
        title: 'Inbox',
        current: '/coach/',
        ...(notice ? { notice } : {}),
        body: html`<h1>Inbox</h1>
<ul class="summary">
<li><a href="/coach/spam/">Held as spam</a>: ${count(held)}</li>
<li><a href="/coach/pending/">Waiting to be emailed</a>: ${count(pending)}</li>
</ul>`,
      });
    },
  },
];
