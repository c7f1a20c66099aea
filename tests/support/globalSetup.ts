import { writeCatalog } from '../../integrations/catalog';
import { ROOT } from './fixtureSite';

/** The functions read the generated content catalog; make sure it matches the content being tested. */
export default async function setup() {
  await writeCatalog(ROOT);
}
