/**
 * What answering a check-in needs: the submission pipeline (the answer is stored and emailed as
 * a `check-in` submission), the loop's store (where the answer is recorded), the used-links
 * store and the signing secret (the links are one-time and signed). On Netlify a missing secret
 * is named in the log and the page says the link cannot be checked; nothing falls back.
 */
import { getStore } from '@netlify/blobs';
import { productionDeps, SUBMISSIONS_STORE } from '../deps.ts';
import { signingSecret, type EnvProblem, type EnvSource } from '../env.ts';
import type { SubmissionDeps } from '../submissions/handleSubmission.ts';
import { createUsedLinks, USED_LINKS_STORE, type UsedLinks } from '../links/usedLinks.ts';
import { createLoopStore, type LoopStore } from '../loop/loopStore.ts';

export interface CheckInDeps extends SubmissionDeps {
  loop: LoopStore;
  usedLinks: UsedLinks;
  /** SIGNING_SECRET, which signed the links; the site's address is `email.siteUrl`. */
  signing: { ready: true; secret: string } | { ready: false; problems: EnvProblem[] };
}

export function productionCheckInDeps(source: EnvSource = process.env): CheckInDeps {
  const secret = signingSecret(source);
  return {
    ...productionDeps(source),
    loop: createLoopStore(getStore({ name: SUBMISSIONS_STORE, consistency: 'strong' })),
    usedLinks: createUsedLinks(getStore({ name: USED_LINKS_STORE, consistency: 'strong' })),
    signing: secret.ok ? { ready: true, secret: secret.value } : { ready: false, problems: [secret.error] },
  };
}
