/**
 * `npm run coach:link`: prints a one-time sign-in link to the coach's desk, for when email is
 * not working. It records the link in the desk's store, which the sign-in checks, so it needs
 * the store's credentials (NETLIFY_SITE_ID and NETLIFY_AUTH_TOKEN for the live site) and
 * SIGNING_SECRET and SITE_URL: no back door for anyone without them. Locally it uses .data/.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { signingSecret, siteUrl } from '#server/env.ts';
import { issueSignInLink, SIGN_IN_LINK_MINUTES } from '#server/desk/routes/signIn.ts';
import { openStores, ROOT } from './store.ts';

/** Locally the signing secret lives in .data/ (local/runtime.ts writes it) and the site runs on localhost. */
async function localDefaults(dataDir: string): Promise<Record<string, string | undefined>> {
  const secret = await readFile(path.join(dataDir, 'signing-secret'), 'utf8').catch(() => undefined);
  return { SIGNING_SECRET: secret?.trim(), SITE_URL: `http://localhost:${process.env.PORT ?? 4321}` };
}

export async function coachLink(now: Date, dataDir = path.join(ROOT, '.data')): Promise<{ url: string; where: string }> {
  const live = Boolean(process.env.NETLIFY_SITE_ID && process.env.NETLIFY_AUTH_TOKEN);
  const source = live ? process.env : { ...(await localDefaults(dataDir)), ...Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)) };
  const secret = signingSecret(source);
  const site = siteUrl(source);
  if (!secret.ok || !site.ok) {
    const missing = [secret, site].flatMap((r) => (r.ok ? [] : [r.error.variable]));
    throw new Error(`Set ${missing.join(' and ')} first${live ? '' : ' (or run `npm start` once, which creates the local secret)'}.`);
  }
  const stores = await openStores(dataDir);
  try {
    const issued = await issueSignInLink({ desk: stores.desk }, { secret: secret.value, siteUrl: site.value }, now);
    if (!issued.ok) throw new Error(`The store did not answer (${issued.error.name}). Try again.`);
    return { url: issued.value.url, where: stores.where };
  } finally {
    await stores.close();
  }
}

if (import.meta.main) {
  try {
    const { url, where } = await coachLink(new Date());
    console.log(`A sign-in link for the desk (${where}); it works once, for ${SIGN_IN_LINK_MINUTES} minutes:\n${url}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
