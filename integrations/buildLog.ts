/**
 * What the bundler may leave out of the build log. Astro writes the marker `"use astro:head-inject"`
 * at the top of every content entry's `?astroPropagatedAssets` module
 * (astro/dist/content/vite-plugin-content-assets.js), and Rolldown warns, once per MDX file, that
 * such a module-level directive "may not be preserved when bundling". Nothing reads the marker
 * after bundling (head propagation goes through the module's `__astroPropagation` export), so the
 * warning says nothing about this site: https://github.com/withastro/astro/issues/18087.
 * Only that warning, about that directive in those modules, is dropped; every other log passes.
 */

/** The part of a Rolldown log this filter reads. */
interface BuildLogEntry {
  code?: string;
  message: string;
  id?: string;
}

type LogLevel = 'info' | 'debug' | 'warn';

export function isAstroHeadInjectWarning(level: LogLevel, log: BuildLogEntry): boolean {
  return (
    level === 'warn' &&
    log.code === 'MODULE_LEVEL_DIRECTIVE' &&
    log.message.includes('"use astro:head-inject"') &&
    log.message.includes('?astroPropagatedAssets')
  );
}

/** For `vite.build.rolldownOptions.onLog`: every log to Vite's own handler but the one above. */
export function onBuildLog<Log extends BuildLogEntry>(level: LogLevel, log: Log, defaultHandler: (level: LogLevel, log: Log) => void): void {
  if (!isAstroHeadInjectWarning(level, log)) defaultHandler(level, log);
}
