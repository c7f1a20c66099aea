/**
 * The mailer used while RESEND_API_KEY is unset, handed in by the local runtime (its outbox,
 * local/outboxMailer.ts); on Netlify nothing hands one in, so a deploy without the key keeps its
 * emails pending and says so. Kept on globalThis because `astro dev` loads the functions through
 * Vite, in a module graph apart from the runtime's own. A module of its own because the Astro
 * config loads the runtime, and with it this, before the content catalog that app/appDeps.ts reads exists.
 */
import type { Mailer } from './mailer.ts';

const LOCAL_MAILER = Symbol.for('unstuck.localMailer');
type Global = typeof globalThis & { [LOCAL_MAILER]?: Mailer };

/** Only the local runtime calls this. */
export function setLocalMailer(mailer: Mailer | undefined): void {
  (globalThis as Global)[LOCAL_MAILER] = mailer;
}

export function localMailer(): Mailer | undefined {
  return (globalThis as Global)[LOCAL_MAILER];
}
