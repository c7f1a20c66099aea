import { describe, expect, it } from 'vitest';
import { onBuildLog } from '#integrations/buildLog.ts';

type Log = { code?: string; message: string };

/** The logs that reach Vite's own handler when the bundler reports `log` at `level`. */
function passed(level: 'info' | 'debug' | 'warn', log: Log): Log[] {
  const seen: Log[] = [];
  onBuildLog(level, log, (_level, passedLog) => seen.push(passedLog));
  return seen;
}

const HEAD_INJECT = {
  code: 'MODULE_LEVEL_DIRECTIVE',
  message: 'The semantics of the module level directive "use astro:head-inject" in "src/content/blog/first.mdx?astroPropagatedAssets" may not be preserved when bundling.',
};

describe('the build log filter', () => {
  it('drops the warning about Astro’s head-inject marker in a content entry', () => {
    expect(passed('warn', HEAD_INJECT)).toEqual([]);
  });

  it('keeps the same warning about any other directive or module', () => {
    const otherDirective = { ...HEAD_INJECT, message: HEAD_INJECT.message.replace('use astro:head-inject', 'use client') };
    const otherModule = { ...HEAD_INJECT, message: HEAD_INJECT.message.replace('?astroPropagatedAssets', '') };

    expect(passed('warn', otherDirective)).toEqual([otherDirective]);
    expect(passed('warn', otherModule)).toEqual([otherModule]);
  });

  it('keeps every other warning and every other log', () => {
    const circular = { code: 'CIRCULAR_DEPENDENCY', message: 'Circular dependency: a.ts -> b.ts -> a.ts' };

    expect(passed('warn', circular)).toEqual([circular]);
    expect(passed('info', HEAD_INJECT)).toEqual([HEAD_INJECT]);
  });
});
