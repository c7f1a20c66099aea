import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { writeCatalog } from '#integrations/catalog.ts';
import { writeLibrary } from '#integrations/library.ts';
import { ROOT } from './fixtureSite';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The folder the real site is built into, once per run, by whichever test file asks first
     * (tests/support/buildSite.ts): a run of files that never ask builds nothing.
     */
    sharedBuildDir: string;
  }
}

/**
 * The functions read the generated content catalog and library; make sure they match the content
 * being tested. And one folder for the run's one build of the real site, removed afterwards.
 */
export default async function setup(project: TestProject) {
  await writeCatalog(ROOT);
  await writeLibrary(ROOT, new Date());
  const sharedBuildDir = await mkdtemp(path.join(tmpdir(), 'unstuck-shared-build-'));
  project.provide('sharedBuildDir', sharedBuildDir);
  return () => rm(sharedBuildDir, { recursive: true, force: true });
}
