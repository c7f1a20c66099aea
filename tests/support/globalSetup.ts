import { writeCatalog } from '#integrations/catalog.ts';
import { writeLibrary } from '#integrations/library.ts';
import { ROOT } from './fixtureSite';

/** The functions read the generated content catalog and library; make sure they match the content being tested. */
export default async function setup() {
  await writeCatalog(ROOT);
  await writeLibrary(ROOT, new Date());
}
