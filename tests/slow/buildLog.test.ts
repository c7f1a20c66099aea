/**
 * A build prints what needs reading and nothing else: the bundler's warning about Astro's own
 * `"use astro:head-inject"` marker (one per MDX file, harmless: integrations/buildLog.ts) is left
 * out, and the same kind of warning about any other module still shows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSiteWith, type BuiltSite } from '../support/buildSite';

describe('the build log', () => {
  let site: BuiltSite;

  beforeAll(async () => {
    // The real site, plus one page importing a module that opens with a directive of its own.
    site = await buildSiteWith({
      'src/pages/directive-check.astro': `---\nimport { shout } from '../directiveCheck.ts';\n---\n<p>{shout('hi')}</p>\n`,
      'src/directiveCheck.ts': `'use custom';\nexport const shout = (text: string) => text.toUpperCase();\n`,
    });
  });

  it('has no warning about Astro’s head-inject marker in the MDX content', () => {
    expect(site.files).toContain('blog/index.html');
    expect(site.log).not.toContain('use astro:head-inject');
  });

  it('still warns about a directive in a module of the site’s own', () => {
    expect(site.log).toMatch(/MODULE_LEVEL_DIRECTIVE.*"use custom" in "src\/directiveCheck\.ts"/);
  });
});
