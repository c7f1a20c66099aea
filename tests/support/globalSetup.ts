import { writeCatalog } from '../../integrations/catalog.ts';
import { ROOT } from './fixtureSite.ts';

/** The functions read the generated content catalog; make sure it matches the content being tested. */
export default async function setup() {
  await writeCatalog(ROOT);
}
