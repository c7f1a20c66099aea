/**
 * `npm ci && npm run check` (or start, or build) on a fresh checkout: the Astro config loads the
 * local runtime, and nothing it loads may need the content catalog, which the config itself
 * writes (integrations/catalog.ts). A copy of the project without netlify/generated/.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '#server/catalog.ts';
import { copyProject, type ProjectCopy } from '../support/projectCopy';

describe('a fresh checkout, before the catalog is generated', () => {
  let project: ProjectCopy;

  beforeAll(async () => {
    project = await copyProject(
      ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'netlify', 'local', 'integrations'],
      (relativePath) => relativePath.startsWith(path.join('netlify', 'generated')),
    );
  });
  afterAll(() => project?.cleanup());

  it('loads the Astro config, which writes the catalog', async () => {
    const { code, output } = await project.run('astro/bin/astro.mjs', 'sync');

    expect(output).not.toMatch(/Unable to load your Astro config/);
    expect(code).toBe(0);
    expect(JSON.parse(await readFile(path.join(project.dir, 'netlify/generated/catalog.json'), 'utf8'))).toEqual(CATALOG);
  });
});
