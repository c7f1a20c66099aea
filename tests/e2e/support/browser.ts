/** Debian's Chromium driven by playwright-core, each context with a fresh profile folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, NO_CHROMIUM_MESSAGE } from '#local/chromium.ts';

/** The browser binary; fails at once, with install instructions, when there is none. */
export function findChromium(): string {
  const found = chromiumPath();
  if (!found) throw new Error(`Browser tests: ${NO_CHROMIUM_MESSAGE}`);
  return found;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export interface LaunchOptions {
  javaScript?: boolean;
  /**
   * Keep Chrome's back/forward cache on, as every visitor has it. Playwright turns it off by
   * default (--disable-back-forward-cache), which hides what a page restored from it does.
   */
  backForwardCache?: boolean;
}

export async function launch({ javaScript = true, backForwardCache = false }: LaunchOptions = {}): Promise<Browser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'unstuck-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: CHROMIUM_ARGS,
    ...(backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
    javaScriptEnabled: javaScript,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/Chicago',
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
