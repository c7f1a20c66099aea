/**
 * Debian's Chromium, as the browser tests and `npm run audit` use it. Nothing can download a
 * browser here (only the package registries are reachable), so the system one is found instead.
 */
import { existsSync } from 'node:fs';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const NO_CHROMIUM_MESSAGE =
  'No Chromium found. Install it with `apt-get update && apt-get install -y chromium` (Debian), or set CHROMIUM_PATH to a Chromium or Chrome binary.';

/** The first browser binary that exists, or null. */
export function chromiumPath(): string | null {
  return CANDIDATES.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate))) ?? null;
}

/**
 * No sandbox (everything here runs as root) and no background calls to Google's services: the
 * network is closed, and Chromium's retries would only add noise and delay.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
